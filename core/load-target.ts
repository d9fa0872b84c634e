// Where and how a load step writes: the target table, its columns and the load mode.
import type { ColumnSpec } from './columns';

/** How a load writes its target. */
export type LoadMode = 'append' | 'merge';

export interface LoadTarget {
  /** `table` or `schema.table`. */
  table: string;
  mode: LoadMode;
  /** Columns that identify a row; required for merge. */
  key?: string[];
  columns: ColumnSpec[];
}
