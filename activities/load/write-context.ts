// What every mode's writer receives, and what it returns.
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { LoadTarget } from '../../core/load/load-target';
import type { StepInput } from '../../core/run/run-types';
import type { TargetName } from './target-name';

/** The part of pg's Pool and PoolClient the load code uses. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

export interface WriteContext {
  /** Inside the load's transaction, holding the target's lock. */
  client: PoolClient;
  target: LoadTarget;
  name: TargetName;
  input: StepInput;
  /** The staging table holding the input, quoted and schema-qualified. */
  staging: string;
  /** Written to `_sluice_run_id`: `<workflow id>/<run id>`. */
  runTag: string;
  /** The load's instant, as timestamptz text: `_sluice_loaded_at`, and `valid_from`/`valid_to` in history. */
  loadedAt: string;
}

export interface WriteOutcome {
  /** Rows the load inserted or updated in the target. */
  written: number;
  /** Mode-specific counts for the log (deleted, closed, ...). */
  details?: Record<string, number>;
}

export type Writer = (ctx: WriteContext) => Promise<WriteOutcome>;
