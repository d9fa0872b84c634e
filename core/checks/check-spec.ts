// Dataset checks a step can carry; each runs in SQL over the step's output and records a result.
import type { DurationSpec } from '../pipeline/durations';

/** warn: recorded and shown; error: recorded, then the step fails non-retryably. */
export type CheckSeverity = 'warn' | 'error';

/** Fields every check has. */
interface CheckCommon {
  /** Shown in results and errors; default derived from the kind and columns, e.g. `not_null(order_id)`. */
  name?: string;
  /** Default 'error'. */
  severity?: CheckSeverity;
}

/** The number of rows is within [min, max]. */
export interface RowCountCheck extends CheckCommon {
  kind: 'row_count';
  min?: number;
  max?: number;
}

/** No row has a null in the column. */
export interface NotNullCheck extends CheckCommon {
  kind: 'not_null';
  column: string;
}

/** No two rows share the same values in the columns (rows with a null in any of them are ignored). */
export interface UniqueCheck extends CheckCommon {
  kind: 'unique';
  columns: string[];
}

/** Every non-null value of the column is one of `values`. */
export interface AcceptedValuesCheck extends CheckCommon {
  kind: 'accepted_values';
  column: string;
  values: (string | number | boolean)[];
}

/** Every non-null value of the column is a number within [min, max] (bounds excluded when inclusive is false). */
export interface AcceptedRangeCheck extends CheckCommon {
  kind: 'accepted_range';
  column: string;
  min?: number;
  max?: number;
  /** Default true. */
  inclusive?: boolean;
}

/** Every non-null value of the column exists in `to`.`field` (dbt's relationships test). */
export interface RelationshipsCheck extends CheckCommon {
  kind: 'relationships';
  column: string;
  /** The parent table, optionally schema-qualified: `dim_customers` or `analytics.dim_customers`. */
  to: string;
  field: string;
}

/**
 * The newest value of a timestamp column is recent: older than warnAfter warns, older than errorAfter
 * fails (only warns when severity is 'warn'). An empty dataset counts as older than both.
 */
export interface FreshnessCheck extends CheckCommon {
  kind: 'freshness';
  column: string;
  warnAfter?: DurationSpec;
  errorAfter?: DurationSpec;
}

/** This run's row count is within `threshold` standard deviations of earlier successful runs of the step. */
export interface RowCountAnomalyCheck extends CheckCommon {
  kind: 'row_count_anomaly';
  /** Largest accepted |z-score|; default 3. */
  threshold?: number;
  /** Earlier runs needed before the check judges; with fewer it passes as skipped. Default 5. */
  minHistory?: number;
  /** How many of the most recent earlier runs form the baseline; default 30. */
  lookback?: number;
}

export type CheckSpec =
  | RowCountCheck
  | NotNullCheck
  | UniqueCheck
  | AcceptedValuesCheck
  | AcceptedRangeCheck
  | RelationshipsCheck
  | FreshnessCheck
  | RowCountAnomalyCheck;

export type CheckKind = CheckSpec['kind'];

export const CHECK_KINDS: readonly CheckKind[] = [
  'row_count',
  'not_null',
  'unique',
  'accepted_values',
  'accepted_range',
  'relationships',
  'freshness',
  'row_count_anomaly',
];

export const CHECK_DEFAULTS = { severity: 'error', threshold: 3, minHistory: 5, lookback: 30 } as const;

/** The check's name: its own, or one derived from kind and columns, the same on every run. */
export function checkName(check: CheckSpec): string {
  if (check.name !== undefined) return check.name;
  switch (check.kind) {
    case 'unique':
      return `unique(${(check.columns ?? []).join(', ')})`;
    case 'relationships':
      return `relationships(${check.column} -> ${check.to}.${check.field})`;
    case 'row_count':
    case 'row_count_anomaly':
      return check.kind;
    default:
      return `${check.kind}(${check.column})`;
  }
}

/** The check's severity, defaulted. */
export function checkSeverity(check: CheckSpec): CheckSeverity {
  return check.severity ?? CHECK_DEFAULTS.severity;
}
