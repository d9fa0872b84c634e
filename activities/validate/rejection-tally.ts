// Counts rejected rows by reason (field and message), in bounded memory, for the step's failure message.
import { issueField, type RowIssue } from './row-issue';

/** Custom refinements may word each row differently; past this many reasons the rest are pooled. */
const MAX_REASONS = 1000;
const OTHER = '(other reasons)';

export interface ReasonCount {
  reason: string;
  rows: number;
}

export class RejectionTally {
  private readonly counts = new Map<string, number>();

  /** Counts each distinct reason of one rejected row once. */
  add(issues: readonly RowIssue[]): void {
    for (const reason of new Set(issues.map((i) => `${issueField(i)}: ${i.message}`))) {
      const key = this.counts.has(reason) || this.counts.size < MAX_REASONS ? reason : OTHER;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  /** The `n` most common reasons, most rows first, ties by reason. */
  top(n: number): ReasonCount[] {
    return [...this.counts]
      .map(([reason, rows]) => ({ reason, rows }))
      .sort((a, b) => b.rows - a.rows || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
      .slice(0, n);
  }
}

/** `amount: Too small ... (3 rows); status: Invalid option ... (1 row)`. */
export function describeReasons(reasons: readonly ReasonCount[]): string {
  return reasons.map((r) => `${r.reason} (${r.rows} ${r.rows === 1 ? 'row' : 'rows'})`).join('; ');
}
