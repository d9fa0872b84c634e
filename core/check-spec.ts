// Dataset checks a step can carry; each runs in SQL over the step's output and records a result.

/** warn: recorded and shown; error: recorded, then the step fails non-retryably. */
export type CheckSeverity = 'warn' | 'error';

export interface RowCountCheck {
  kind: 'row_count';
  min?: number;
  max?: number;
  severity?: CheckSeverity;
}

export interface NotNullCheck {
  kind: 'not_null';
  column: string;
  severity?: CheckSeverity;
}

export type CheckSpec = RowCountCheck | NotNullCheck;
