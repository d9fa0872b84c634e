// The exactly-once ledger (sluice.loads) and the per-target lock that serializes loads into one table.
import type { StepInput } from '../../core/run/run-types';
import type { TargetName } from './target-name';
import type { Queryable } from './write-context';

/** Rows the load of this (workflow, run, step) wrote, or undefined when it has not committed. */
export async function ledgerRows(client: Queryable, input: StepInput): Promise<number | undefined> {
  const { rows } = await client.query<{ rows_written: string }>(
    'SELECT rows_written FROM sluice.loads WHERE workflow_id = $1 AND run_id = $2 AND step = $3',
    [input.workflowId, input.runId, input.step],
  );
  return rows[0] ? Number(rows[0].rows_written) : undefined;
}

/** Records the load; committed with the target write, so the write happens at most once per step and run. */
export async function recordLoad(client: Queryable, input: StepInput, target: string, rows: number) {
  await client.query(
    `INSERT INTO sluice.loads (workflow_id, run_id, step, pipeline, target, rows_written)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [input.workflowId, input.runId, input.step, input.pipeline, target, rows],
  );
}

/**
 * Waits for, and holds until the transaction ends, the lock on one target table. Loads into the same
 * table (two attempts of one step, two runs, two pipelines) then run one after the other: no race on
 * creating the table, on a history key's current version or on emptying a replaced table. Returns the instant
 * the load writes as (`clock_timestamp()` after the wait, so it is later than any earlier load's).
 */
export async function lockTarget(client: Queryable, name: TargetName): Promise<string> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `sluice.load:${name.schema}.${name.table}`,
  ]);
  const { rows } = await client.query<{ at: string }>('SELECT clock_timestamp()::text AS at');
  return (rows[0] as { at: string }).at;
}
