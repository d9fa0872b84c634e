// Writes a step's check results to sluice.check_results, replacing an earlier attempt's, in one transaction.
import type { ClientBase } from 'pg';
import type { CheckContext, CheckResult } from './check-result';
import { recordRowCount } from './row-count-history';

/**
 * Replaces every result (and the recorded row count) of this run's step. The lock serializes two attempts
 * of the same step racing, so the later one's results win whole.
 */
export async function replaceCheckResults(
  client: ClientBase,
  context: CheckContext,
  results: readonly CheckResult[],
  rowCount: number | undefined,
): Promise<void> {
  const key = [context.workflowId, context.runId, context.step];
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `sluice.check_results ${JSON.stringify(key)}`,
    ]);
    await client.query(
      'DELETE FROM sluice.check_results WHERE workflow_id = $1 AND run_id = $2 AND step = $3',
      key,
    );
    await client.query(
      `INSERT INTO sluice.check_results
         (workflow_id, run_id, step, pipeline, check_name, kind, severity, status, observed, message)
       SELECT $1, $2, $3, $4, r->>'name', r->>'kind', r->>'severity', r->>'status', r->'observed', r->>'message'
         FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS x(r, position)
        ORDER BY position`,
      [...key, context.pipeline, JSON.stringify(results)],
    );
    await recordRowCount(client, context, rowCount, !results.some((r) => r.status === 'fail'));
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
