// The validate activity on real PostgreSQL: bad rows quarantined with their reasons, maxInvalidRatio, retries and cancellation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { stagingTableName } from '../../activities/staging/staging-name';
import { runActivity } from '../support/run-activity';
import {
  failure,
  order,
  ORDERS,
  overIssues,
  overRows,
  prefix,
  STATUSES,
  useValidateDatabase,
  WORKFLOW,
} from './validate-fixtures';

const { db, validate, stage, quarantined, stagedRows, tableExists } = useValidateDatabase();

test('valid rows go on coerced, and a row that breaks the contract is quarantined with its reason', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => order(i + 1));
  rows[1] = order(2, { note: 'gift', status: 'shipped', amount: '0' });
  rows[6] = order(7, { amount: '-5' });
  const input = await stage('validate_orders', 'run-ok', 'r_val_ok', rows);
  const result = await runActivity(validate(), [input]);
  const table = stagingTableName(WORKFLOW, 'run-ok', 'validate_orders');
  // 1 of 20 is exactly 5 %: not above the default maxInvalidRatio, so the step passes.
  assert.deepEqual(result, {
    rowsIn: 20,
    rowsOut: 19,
    rowsRejected: 1,
    output: { table, rows: 19, values: 'typed' },
  });
  const out = await stagedRows(table);
  assert.equal(out.length, 19);
  assert.deepEqual(out.slice(0, 2), [
    { order_id: 1, customer_id: 'C001', status: 'placed', amount: 10.5, ordered_at: '2026-11-21T01:04:00Z' },
    {
      order_id: 2,
      customer_id: 'C002',
      status: 'shipped',
      amount: 0,
      note: 'gift',
      ordered_at: '2026-11-21T01:04:00Z',
    },
  ]);
  assert.deepEqual(
    out.map((r) => r.order_id),
    [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
  );
  assert.deepEqual(await quarantined('run-ok', 'validate_orders'), [
    {
      pipeline: 'validate_test',
      workflow_id: WORKFLOW,
      run_id: 'run-ok',
      step: 'validate_orders',
      row_number: 7,
      row: order(7, { amount: '-5' }),
      issues: [{ path: ['amount'], code: 'too_small', message: 'Too small: expected number to be >=0' }],
    },
  ]);
});

test('above maxInvalidRatio the step fails as SluiceBadInput after quarantining, with counts and top reasons', async () => {
  const input = await stage('validate_orders', 'run-over', 'r_val_over', overRows());
  const expected =
    prefix('validate_orders') +
    `4 of 10 rows (40%) break the contract in ${ORDERS}, more than maxInvalidRatio 0.05 (5%) allows; most common: ` +
    `status: Invalid option: expected one of ${STATUSES} (2 rows); ` +
    'amount: Invalid input: expected number, received string (1 row); ' +
    'amount: Too small: expected number to be >=0 (1 row). ' +
    `The rejected rows are in sluice.quarantine (workflow_id '${WORKFLOW}', run_id 'run-over', step 'validate_orders'); ` +
    'fix the source data or the contract and start a new run';
  await assert.rejects(runActivity(validate(), [input]), failure('SluiceBadInput', expected));
  const rows = await quarantined('run-over', 'validate_orders');
  assert.deepEqual(
    rows.map((r) => [r.row_number, r.issues]),
    overIssues,
  );
  assert.deepEqual(rows[3].row, order(9, { customer_id: '' }));
  // Repeating the failed attempt (as a retry or a re-run of the same run would) quarantines nothing twice.
  await assert.rejects(runActivity(validate(), [input]), failure('SluiceBadInput', expected));
  await assert.rejects(runActivity(validate(), [input]), failure('SluiceBadInput', expected));
  assert.equal((await quarantined('run-over', 'validate_orders')).length, 4);
});

test('maxInvalidRatio 0 fails on a single rejected row', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => order(i + 1));
  rows[19] = order(20, { ordered_at: '2026-11-21 01:04' });
  const input = await stage('validate_orders_strict', 'run-strict', 'r_val_strict', rows);
  await assert.rejects(
    runActivity(validate(), [input]),
    failure(
      'SluiceBadInput',
      prefix('validate_orders_strict') +
        `1 of 20 rows (5%) break the contract in ${ORDERS}, more than maxInvalidRatio 0 (0%) allows; most common: ordered_at: Invalid ISO datetime (1 row). ` +
        `The rejected rows are in sluice.quarantine (workflow_id '${WORKFLOW}', run_id 'run-strict', step 'validate_orders_strict'); ` +
        'fix the source data or the contract and start a new run',
    ),
  );
  assert.deepEqual(
    (await quarantined('run-strict', 'validate_orders_strict')).map((r) => r.row_number),
    [20],
  );
});

test('a validate retried twice leaves each rejected row in quarantine once, and the same output', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => order(i + 1, i % 20 === 0 ? { status: '' } : {}));
  const input = await stage('validate_orders', 'run-retry', 'r_val_retry', rows);
  const results = [];
  for (let attempt = 0; attempt < 3; attempt += 1) results.push(await runActivity(validate(), [input]));
  const table = stagingTableName(WORKFLOW, 'run-retry', 'validate_orders');
  for (const result of results) {
    assert.deepEqual(result, {
      rowsIn: 40,
      rowsOut: 38,
      rowsRejected: 2,
      output: { table, rows: 38, values: 'typed' },
    });
  }
  assert.deepEqual(
    (await quarantined('run-retry', 'validate_orders')).map((r) => r.row_number),
    [1, 21],
  );
  assert.equal((await stagedRows(table)).length, 38);
});

test('an attempt cancelled part-way leaves no quarantine rows and no output; the next one writes each once', async () => {
  // 3 of every 5 rows are rejected: 600 are in quarantine's open transaction when the first heartbeat cancels.
  const rows = Array.from({ length: 2500 }, (_, i) => order(i + 1, i % 5 < 3 ? { amount: '-1' } : {}));
  const input = await stage('validate_orders_lenient', 'run-cancel', 'r_val_cancel', rows);
  const env = new MockActivityEnvironment();
  env.once('heartbeat', () => env.cancel());
  await assert.rejects(runActivity(validate(), [input], env), { name: 'AbortError' });
  // Every connection the attempt took (reader, writer, quarantine) is back in the pool when it rejects.
  assert.equal(db.pool.idleCount, db.pool.totalCount);
  assert.deepEqual(await quarantined('run-cancel', 'validate_orders_lenient'), []);
  assert.equal(await tableExists(stagingTableName(WORKFLOW, 'run-cancel', 'validate_orders_lenient')), false);

  const heartbeats: unknown[] = [];
  const retry = new MockActivityEnvironment();
  retry.on('heartbeat', (details: unknown) => heartbeats.push(details));
  const result = await runActivity(validate(), [input], retry);
  assert.deepEqual(result, {
    rowsIn: 2500,
    rowsOut: 1000,
    rowsRejected: 1500,
    output: {
      table: stagingTableName(WORKFLOW, 'run-cancel', 'validate_orders_lenient'),
      rows: 1000,
      values: 'typed',
    },
  });
  assert.deepEqual(heartbeats, [
    { rowsIn: 1000, rowsOut: 400, rowsRejected: 600 },
    { rowsIn: 2000, rowsOut: 800, rowsRejected: 1200 },
    { rowsIn: 2500, rowsOut: 1000, rowsRejected: 1500 },
  ]);
  const { rows: counts } = await db.pool.query(
    `SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS distinct_rows, min(row_number)::int AS first
     FROM sluice.quarantine WHERE run_id = 'run-cancel'`,
  );
  assert.deepEqual(counts[0], { n: 1500, distinct_rows: 1500, first: 1 });
});
