// What a preview reports for one load step: the changes its target would see, without seeing them.
import type { LoadMode } from '../load/load-target';
import type { CheckOutcome } from './run-types';

/** A row as the target would hold it: declared columns by name, values as PostgreSQL's JSON gives them. */
export type PreviewRow = Record<string, unknown>;

export interface PreviewUpdate {
  /** The key columns of the updated row. */
  key: PreviewRow;
  /** The changed columns only, before and after. */
  before: PreviewRow;
  after: PreviewRow;
}

/** One reason rows were quarantined upstream of a load, and how many rows gave it. */
export interface QuarantineReason {
  reason: string;
  rows: number;
}

/**
 * Counts compare the target's current rows (for `history`, its current versions) with what the load would
 * leave, over the declared columns. With a key, rows match by key: `updated` rows have the key on both
 * sides with other values, `deleted` rows are gone (replace, replace-partition) or closed (history).
 * Without a key (append, replace), rows match as whole rows: a changed row counts as one deleted and one
 * inserted.
 */
export interface LoadPreview {
  step: string;
  target: string;
  mode: LoadMode;
  inserted: number;
  updated: number;
  deleted: number;
  /** For updated rows: how many changed each column. */
  changedColumns: Record<string, number>;
  schema: {
    /** True when the target does not exist yet: the load would create it. */
    creates: boolean;
    /** Columns `schemaChanges: 'evolve'` would add. */
    added: string[];
    /** Columns `schemaChanges: 'freeze'` refuses to add: the real load would fail. */
    refused: string[];
  };
  /** The load's checks that would fail (or warn) on the resulting table. */
  failedChecks: CheckOutcome[];
  /** Rows quarantined by the steps upstream of this load, with the most frequent reasons. */
  quarantine: { rows: number; topReasons: QuarantineReason[] };
  /** A few rows of each kind, in key order (or input order). */
  examples: { inserted: PreviewRow[]; updated: PreviewUpdate[]; deleted: PreviewRow[] };
}

/** A preview's result: every load step's report, in plan order. */
export interface PreviewReport {
  workflowId: string;
  pipeline: string;
  partition?: string;
  sample?: number;
  loads: LoadPreview[];
}
