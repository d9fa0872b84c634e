// Row counts per pipeline, step and run: what the anomaly check compares a run against.
import type { ClientBase } from 'pg';
import type { CheckContext } from './check-result';

export interface RowCountBaseline {
  runs: number;
  mean: number | null;
  stddev: number | null;
}

/** Mean and sample standard deviation of the last `lookback` counts of this step from other runs whose checks passed. */
export async function rowCountBaseline(
  client: ClientBase,
  context: CheckContext,
  lookback: number,
): Promise<RowCountBaseline> {
  const { rows } = await client.query<RowCountBaseline>(
    `SELECT count(*)::int AS runs, avg(row_count)::float8 AS mean, stddev_samp(row_count)::float8 AS stddev
       FROM (SELECT row_count FROM sluice.check_row_counts
              WHERE pipeline = $1 AND step = $2 AND checks_passed
                AND NOT (workflow_id = $3 AND run_id = $4)
              ORDER BY recorded_at DESC, id DESC LIMIT $5) h`,
    [context.pipeline, context.step, context.workflowId, context.runId, lookback],
  );
  return rows[0] as RowCountBaseline;
}

/** Records (or, on a retried step, replaces) this run's count; `rows` undefined clears it. */
export async function recordRowCount(
  client: ClientBase,
  context: CheckContext,
  rows: number | undefined,
  checksPassed: boolean,
): Promise<void> {
  const key = [context.workflowId, context.runId, context.step];
  await client.query(
    'DELETE FROM sluice.check_row_counts WHERE workflow_id = $1 AND run_id = $2 AND step = $3',
    key,
  );
  if (rows === undefined) return;
  await client.query(
    `INSERT INTO sluice.check_row_counts (workflow_id, run_id, step, pipeline, row_count, checks_passed)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [...key, context.pipeline, rows, checksPassed],
  );
}
