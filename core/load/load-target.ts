// Where and how a load step writes: the target table, its columns, the load mode and schema policy.
import type { ColumnSpec } from './columns';

/**
 * How a load writes its target. Every mode commits the write and its ledger row in one transaction.
 * - `append`: inserts the rows; a new run appends again.
 * - `merge`: upserts on `key`; duplicate keys in one input collapse to the last row by input order;
 *   rows whose values did not change are not rewritten.
 * - `replace`: empties the table and inserts the input in one transaction: readers wait, then see the
 *   new rows, never an empty or half-loaded table; the table keeps its policies, triggers, grants,
 *   comments, indexes and views.
 * - `replace-partition`: deletes the rows whose `partitionColumn` equals the run's partition, then
 *   inserts the input; other partitions are untouched.
 * - `history`: slowly changing dimension type 2 over `key` (`valid_from`, `valid_to`, `is_current`):
 *   a changed row closes its current version and adds a new one, so the past stays readable.
 */
export type LoadMode = 'append' | 'merge' | 'replace' | 'replace-partition' | 'history';

export const LOAD_MODES: readonly LoadMode[] = ['append', 'merge', 'replace', 'replace-partition', 'history'];

/**
 * What a load does when the step declares columns the existing target lacks.
 * - `freeze` (default): refuses with SluiceTargetConflict naming the columns; the table's shape only
 *   changes when someone decides so (a data contract is a promise to the readers).
 * - `evolve`: adds the missing columns as nullable columns, in the load's transaction.
 * Either way a column whose existing type differs from the declared one is a SluiceTargetConflict.
 */
export type SchemaChanges = 'freeze' | 'evolve';

export const SCHEMA_CHANGES: readonly SchemaChanges[] = ['freeze', 'evolve'];

export interface LoadTarget {
  /** `table` or `schema.table`; created from `columns` when missing. */
  table: string;
  mode: LoadMode;
  /**
   * Columns that identify a row; required for `merge` and `history`. It becomes the primary key of a
   * table Sluice creates (for `history`: the key plus `valid_from`, and a unique index on the key
   * among current rows).
   */
  key?: string[];
  columns: ColumnSpec[];
  /**
   * `replace-partition` only (and required there): the column that holds the partition. A run loads
   * the partition it was started with; rows without a value get it, rows with another value are refused.
   */
  partitionColumn?: string;
  /** `history` only: close the current version of keys absent from the input. Default false. */
  closeMissing?: boolean;
  /** Default `'freeze'`. */
  schemaChanges?: SchemaChanges;
  /**
   * Indexes to keep on the target, each a list of columns (composite allowed), e.g.
   * `[['user_id', 'status'], ['created_at']]`. Created when missing, with deterministic names.
   */
  indexes?: string[][];
}

/** Columns Sluice adds to every target: which run wrote a row, and when. */
export const METADATA_COLUMNS = ['_sluice_run_id', '_sluice_loaded_at'] as const;

/** Columns Sluice adds to a `history` target. */
export const HISTORY_COLUMNS = ['valid_from', 'valid_to', 'is_current'] as const;
