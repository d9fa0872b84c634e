// Keeps only records newer than the watermark and, when the fetch proposes it, collects the next watermark.
import { compareCursorKeys, cursorKey } from '../../core/fetch/cursor-order';
import { WatermarkProposal } from '../../core/fetch/watermark-proposal';
import type { IncrementalRun } from './incremental-run';

export class IncrementalFilter {
  /** The next watermark from the records kept; undefined when a validate step proposes it instead. */
  readonly proposal: WatermarkProposal | undefined;

  constructor(
    private readonly run: IncrementalRun,
    highestSoFar?: string,
  ) {
    this.proposal = run.proposes
      ? new WatermarkProposal(run.type, run.spec, Date.now(), highestSoFar)
      : undefined;
  }

  /**
   * True when the record is new. Records without a cursor value, or with one not of the cursor's type, are
   * kept for validation to judge; such a value never reaches the watermark.
   */
  keep(row: Record<string, unknown>): boolean {
    const raw = row[this.run.spec.cursorField];
    if (raw === undefined || raw === null || raw === '') return true;
    const key = cursorKey(this.run.type, raw);
    if (key && this.run.watermarkKey && compareCursorKeys(key, this.run.watermarkKey) <= 0) return false;
    this.proposal?.offer(raw);
    return true;
  }

  /** Filters an async stream of records. */
  async *filter(rows: AsyncIterable<Record<string, unknown>>): AsyncGenerator<Record<string, unknown>> {
    for await (const row of rows) if (this.keep(row)) yield row;
  }
}
