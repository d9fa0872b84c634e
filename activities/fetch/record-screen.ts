// Sorts fetched records into the ones staging can hold and the ones for quarantine (NUL, broken UTF-16, too deep).
import type { RowIssue } from '../validate/row-issue';
import { plainlyStorable, toJsonSafe } from '../validate/json-safe';

/** A record that cannot be staged: its number in the source (from 1), the record, and why. */
export interface ScreenedOut {
  recordNumber: number;
  row: Record<string, unknown>;
  issues: RowIssue[];
}

/**
 * Numbers the records of one read as they pass (so a resumed read goes on from `recordsSoFar`) and keeps
 * the ones PostgreSQL cannot store out of staging: a retry would read them again, so they go to quarantine
 * with the reason, and the rest of the source goes on.
 */
export class RecordScreen {
  rejected = 0;

  constructor(
    private readonly maxDepth: number,
    public records = 0,
    rejectedSoFar = 0,
  ) {
    this.rejected = rejectedSoFar;
  }

  /** Why the next record cannot be staged, or undefined when it can; counts it either way. */
  judge(row: Record<string, unknown>): ScreenedOut | undefined {
    this.records += 1;
    if (plainlyStorable(row, this.maxDepth)) return undefined;
    const issues: RowIssue[] = [];
    toJsonSafe(row, issues, this.maxDepth);
    if (issues.length === 0) return undefined;
    this.rejected += 1;
    return { recordNumber: this.records, row, issues };
  }

  /** One page of records: the ones to stage, and the ones screened out. */
  split(rows: readonly Record<string, unknown>[]): { kept: Record<string, unknown>[]; out: ScreenedOut[] } {
    const kept: Record<string, unknown>[] = [];
    const out: ScreenedOut[] = [];
    for (const row of rows) {
      const screened = this.judge(row);
      if (screened) out.push(screened);
      else kept.push(row);
    }
    return { kept, out };
  }

  /** A stream of records without the screened-out ones, which are handed to `reject` in order. */
  async *pass(
    rows: AsyncIterable<Record<string, unknown>>,
    reject: (screened: ScreenedOut) => Promise<void>,
  ): AsyncGenerator<Record<string, unknown>> {
    for await (const row of rows) {
      const screened = this.judge(row);
      if (screened) await reject(screened);
      else yield row;
    }
  }
}
