// Keeps only records newer than the watermark and remembers the highest cursor value it let through.
import { compareCursors, laterCursor } from '../../core/fetch/cursor-order';
import type { IncrementalSpec } from '../../core/pipeline/step-definitions';

export class IncrementalFilter {
  /** The highest cursor value among the records kept so far. */
  highest: string | undefined;

  constructor(
    private readonly spec: IncrementalSpec,
    private readonly watermark: string | undefined,
    highestSoFar?: string,
  ) {
    this.highest = highestSoFar;
  }

  /** True when the record is new; records without a cursor value are kept for validation to judge. */
  keep(row: Record<string, unknown>): boolean {
    const raw = row[this.spec.cursorField];
    if (raw === undefined || raw === null || raw === '') return true;
    const value = String(raw);
    if (this.watermark !== undefined && compareCursors(value, this.watermark) <= 0) return false;
    this.highest = laterCursor(this.highest, value);
    return true;
  }

  /** Filters an async stream of records. */
  async *filter(rows: AsyncIterable<Record<string, unknown>>): AsyncGenerator<Record<string, unknown>> {
    for await (const row of rows) if (this.keep(row)) yield row;
  }
}
