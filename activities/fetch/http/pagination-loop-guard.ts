// Stops a read that would never end or would load pages twice: repeated pages, circular links, cursors that make no progress.
import { createHash } from 'node:crypto';
import type { HttpPagination } from '../../../core/fetch/source-spec';
import type { HttpNext } from './http-cursor';
import { HttpSourceError } from './http-source-error';

/**
 * Stops an API that links back in a circle (a cursor or next URL already followed) or sends the page before
 * again (it ignores the page parameter, or hands out fresh cursors to the same records). An API that pages
 * on without end through new records is stopped by source.maxPages instead.
 */
export class PaginationLoopGuard {
  private readonly seen = new Set<string>();
  private previousDigest: string | undefined;

  constructor(private readonly pagination: HttpPagination) {}

  check(
    current: HttpNext,
    next: HttpNext | null,
    records: unknown[],
    pageNumber: number,
    what: string,
  ): void {
    this.seen.add(JSON.stringify(current));
    if (next && this.seen.has(JSON.stringify(next))) {
      throw new HttpSourceError(
        `${what}: page ${pageNumber} points back to a page already read (${JSON.stringify(next)})`,
        'The API paginates in a circle; check source.pagination, then start a new run',
      );
    }
    if (this.pagination.style === 'none') return;
    const digest = records.length ? digestOf(records) : undefined;
    if (digest && digest === this.previousDigest) {
      throw new HttpSourceError(
        `${what}: page ${pageNumber} repeats the page before it exactly; ${this.noProgress()}`,
        'Check the parameter names in source.pagination, then start a new run',
      );
    }
    this.previousDigest = digest;
  }

  private noProgress(): string {
    const style = this.pagination.style;
    return style === 'page' || style === 'offset'
      ? `the API seems to ignore the ${style} parameter`
      : `its ${style === 'cursor' ? 'cursor' : 'next page link'} makes no progress`;
  }
}

/** A page's records as a hash; none for records nested too deep to serialize (quarantine takes those). */
function digestOf(records: unknown[]): string | undefined {
  try {
    return createHash('sha256').update(JSON.stringify(records)).digest('hex');
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}
