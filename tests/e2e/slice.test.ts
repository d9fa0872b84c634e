// The first vertical slice on the real stack: CSV → staging → merge into fct_orders, twice, no duplicates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRun } from '../../client/start-run';
import { createTestWorker, useTestStack } from '../support/test-stack';

const stack = useTestStack();

async function runOrdersCsv() {
  const { worker, taskQueue } = await createTestWorker(stack, { name: 'slice' });
  return worker.runUntil(async () => {
    const handle = await startRun(stack.temporal.client, {
      pipeline: 'orders_csv',
      trigger: 'manual',
      taskQueue,
    });
    return handle.result();
  });
}

test('orders_csv loads every CSV row once, and a second run adds none', async () => {
  const first = await runOrdersCsv();
  assert.equal(first.steps.find((s) => s.id === 'fetch_orders_csv')?.rowsOut, 25);
  assert.equal(first.steps.find((s) => s.id === 'load_orders_fct')?.rowsOut, 25);
  const count = async () =>
    (await stack.pool.query('SELECT count(*)::int AS n, count(DISTINCT order_id)::int AS d FROM fct_orders'))
      .rows[0];
  assert.deepEqual(await count(), { n: 25, d: 25 });

  const second = await runOrdersCsv();
  assert.equal(
    second.steps.find((s) => s.id === 'load_orders_fct')?.rowsOut,
    0,
    'unchanged rows are not rewritten',
  );
  assert.deepEqual(await count(), { n: 25, d: 25 });

  const ledger = await stack.pool.query('SELECT count(*)::int AS n FROM sluice.loads WHERE target = $1', [
    'fct_orders',
  ]);
  assert.equal(ledger.rows[0].n, 2, 'each run records its load once');
  const staging = await stack.pool.query(
    `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'sluice_staging'`,
  );
  assert.equal(staging.rows[0].n, 0, 'staging is dropped when a run ends');
});

test('run records in sluice.runs and sluice.step_runs match what the workflow reported', async () => {
  const summary = await runOrdersCsv();
  const { rows: runs } = await stack.pool.query(
    `SELECT status, trigger, pipeline, ended_at IS NOT NULL AS ended FROM sluice.runs WHERE workflow_id = $1`,
    [summary.workflowId],
  );
  assert.deepEqual(runs, [{ status: 'succeeded', trigger: 'manual', pipeline: 'orders_csv', ended: true }]);
  const { rows: steps } = await stack.pool.query(
    `SELECT step, status, attempts, rows_in::int, rows_out::int FROM sluice.step_runs WHERE workflow_id = $1 ORDER BY step`,
    [summary.workflowId],
  );
  assert.deepEqual(
    steps,
    summary.steps
      .map((s) => ({
        step: s.id,
        status: s.status,
        attempts: s.attempts,
        rows_in: s.rowsIn,
        rows_out: s.rowsOut,
      }))
      .sort((a, b) => a.step.localeCompare(b.step)),
  );
});

test('typed values land with their PostgreSQL types', async () => {
  const { rows } = await stack.pool.query(
    `SELECT pg_typeof(order_id)::text AS id, pg_typeof(amount)::text AS amount, pg_typeof(ordered_at)::text AS at
     FROM fct_orders LIMIT 1`,
  );
  assert.deepEqual(rows[0], { id: 'bigint', amount: 'numeric', at: 'timestamp with time zone' });
});
