// One reason a row was rejected, in the form quarantine stores and failure messages count.

export interface RowIssue {
  /** Where in the row: `["amount"]`, or `[]` for the row as a whole. */
  path: (string | number)[];
  /** zod's issue code (`invalid_type`, `too_small`, ...) or `sluice_unstorable` / `sluice_schema_threw`. */
  code: string;
  message: string;
}

/** `amount`, `items.0.sku`, or `(row)` for issues about the whole row. */
export function issueField(issue: RowIssue): string {
  return issue.path.length > 0 ? issue.path.join('.') : '(row)';
}
