// The transform activity's rows functions on real PostgreSQL: reshaping, batches, what they may return, failures, retries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../../devstack/port-check';
import { runActivity } from '../support/run-activity';
import {
  environment,
  failure,
  order,
  orders,
  outputOf,
  prefix,
  seen,
  shapeOrdersWith,
  stepInput,
  useTransformDatabase,
} from './transform-fixtures';

const { db, transform, stage, stagedRows, tableExists } = useTransformDatabase();

/** What the `shape_orders` function returns; each test sets it. */
let shapeResult: unknown = [];
shapeOrdersWith(() => shapeResult);

test('a sync rows function reshapes every row, in input order', async () => {
  const ref = await stage('in_enrich', orders);
  const input = stepInput('enrich_orders', 'run-enrich', { fetch_orders: ref });
  const result = await runActivity(transform(), [input], environment());
  const table = outputOf('run-enrich', 'enrich_orders');
  assert.deepEqual(result, {
    rowsIn: 4,
    rowsOut: 4,
    rowsRejected: 0,
    output: { table, rows: 4, values: 'text' },
  });
  assert.deepEqual(await stagedRows(table), [
    { order_id: '1', customer_id: 'C1', amount: '10.50', amount_cents: 1050 },
    { order_id: '2', customer_id: 'C2', amount: '5', amount_cents: 500 },
    { order_id: '3', customer_id: 'C1', amount: '0.25', amount_cents: 25 },
    { order_id: '4', customer_id: 'C9', amount: '7', amount_cents: 700 },
  ]);
});

test('an async rows function filters and fans out over batches of 1000, seeing partition and params', async () => {
  seen.length = 0;
  const input = Array.from({ length: 2500 }, (_, i) => ({
    order_id: String(i + 1),
    status: (i + 1) % 10 === 0 ? 'cancelled' : 'placed',
    qty: String((i + 1) % 3),
  }));
  const ref = await stage('in_explode', input);
  const heartbeats: unknown[] = [];
  const env = environment();
  env.on('heartbeat', (details: unknown) => heartbeats.push(details));
  const result = await runActivity(
    transform(),
    [stepInput('explode_orders', 'run-explode', { fetch_orders: ref })],
    env,
  );
  const expected = input
    .filter((r) => r.status !== 'cancelled')
    .flatMap((r) =>
      Array.from({ length: Number(r.qty) }, (_, i) => ({
        order_id: r.order_id,
        unit: i + 1,
        region: 'eu',
        day: '2026-11-21',
      })),
    );
  assert.equal(expected.length, 2250);
  const table = outputOf('run-explode', 'explode_orders');
  assert.deepEqual(result, {
    rowsIn: 2500,
    rowsOut: 2250,
    rowsRejected: 0,
    output: { table, rows: 2250, values: 'text' },
  });
  const out = await stagedRows(table);
  assert.deepEqual(out.slice(0, 4), [
    { order_id: '1', unit: 1, region: 'eu', day: '2026-11-21' },
    { order_id: '2', unit: 1, region: 'eu', day: '2026-11-21' },
    { order_id: '2', unit: 2, region: 'eu', day: '2026-11-21' },
    { order_id: '4', unit: 1, region: 'eu', day: '2026-11-21' },
  ]);
  assert.deepEqual(out, expected);
  const context = { partition: '2026-11-21', params: { region: 'eu' } };
  assert.deepEqual(seen, [
    { size: 1000, first: '1', context },
    { size: 1000, first: '1001', context },
    { size: 500, first: '2001', context },
  ]);
  assert.deepEqual(heartbeats, [
    { rowsIn: 1000, rowsOut: 900 },
    { rowsIn: 2000, rowsOut: 1800 },
    { rowsIn: 2500, rowsOut: 2250 },
  ]);
});

test('an empty input gives an empty output, the function never called; typed input, typed output', async () => {
  seen.length = 0;
  const ref = await stage('in_empty', [], 'typed');
  const result = await runActivity(
    transform(),
    [stepInput('explode_orders', 'run-empty', { fetch_orders: ref })],
    environment(),
  );
  const table = outputOf('run-empty', 'explode_orders');
  assert.deepEqual(result, {
    rowsIn: 0,
    rowsOut: 0,
    rowsRejected: 0,
    output: { table, rows: 0, values: 'typed' },
  });
  assert.deepEqual(await stagedRows(table), []);
  assert.deepEqual(seen, []);
});

test('a rows function that throws fails the step for good, naming the batch; no output is left', async () => {
  const input = Array.from({ length: 2000 }, (_, i) => order(i + 1, 'C1', '1'));
  const ref = await stage('in_break', input);
  await assert.rejects(
    runActivity(transform(), [stepInput('break_orders', 'run-break', { fetch_orders: ref })], environment()),
    failure(
      'SluiceBadInput',
      `${prefix('break_orders')}the rows function threw on the batch starting at input row 1001: ` +
        "TypeError: Cannot read properties of undefined (reading 'trim'). " +
        'Fix the rows function and start a new run (an error it throws with retryable: true is retried instead)',
    ),
  );
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-break', 'break_orders')}`), false);
  assert.equal(db.pool.idleCount, db.pool.totalCount);
});

test('an error marked retryable: true is rethrown as it is, for the retry policy', async () => {
  const ref = await stage('in_flaky', orders);
  await assert.rejects(
    runActivity(transform(), [stepInput('flaky_orders', 'run-flaky', { fetch_orders: ref })], environment()),
    (err: Error & { retryable?: boolean; nonRetryable?: boolean }) => {
      assert.equal(err.message, 'lookup service timed out');
      assert.equal(err.retryable, true);
      assert.equal(err.nonRetryable, undefined);
      return true;
    },
  );
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-flaky', 'flaky_orders')}`), false);
});

test('a network error from a lookup the function makes is rethrown as it is, for the retry policy', async () => {
  const ref = await stage('in_lookup', orders);
  const input = stepInput('lookup_orders', 'run-lookup', { fetch_orders: ref });
  const lookup = `http://127.0.0.1:${await freePort()}/customers`;
  await assert.rejects(
    runActivity(transform(), [{ ...input, params: { lookup } }], environment()),
    (err: Error & { cause?: { code?: string }; nonRetryable?: boolean }) => {
      assert.equal(err.message, 'fetch failed');
      assert.equal(err.cause?.code, 'ECONNREFUSED');
      assert.equal(err.nonRetryable, undefined);
      return true;
    },
  );
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-lookup', 'lookup_orders')}`), false);
});

test('a rows function must return an array of storable row objects', async () => {
  const ref = await stage('in_shape', orders);
  const attempt = () =>
    runActivity(transform(), [stepInput('shape_orders', 'run-shape', { fetch_orders: ref })], environment());
  const cases: [unknown, string][] = [
    [
      [{ ok: 1 }, 'x'],
      'the rows function returned a string ("x") instead of a row object (item 1 of its result for the batch starting at input row 1)',
    ],
    [
      [null],
      'the rows function returned null instead of a row object (item 0 of its result for the batch starting at input row 1)',
    ],
    [
      [[1, 2]],
      'the rows function returned an array instead of a row object (item 0 of its result for the batch starting at input row 1)',
    ],
    [
      [{ amount: Number.NaN }],
      'the rows function returned a row whose amount cannot be stored: NaN is not a finite number (item 0 of its result for the batch starting at input row 1)',
    ],
    [
      { rows: [] },
      'the rows function returned a non-array object for the batch starting at input row 1, not an array of rows',
    ],
    [
      undefined,
      'the rows function returned undefined for the batch starting at input row 1, not an array of rows',
    ],
  ];
  for (const [returned, problem] of cases) {
    shapeResult = returned;
    await assert.rejects(
      attempt(),
      failure(
        'SluiceBadInput',
        `${prefix('shape_orders')}${problem}. Fix the rows function and start a new run`,
      ),
    );
  }
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-shape', 'shape_orders')}`), false);
});

test('a retried rows transform writes the same output again', async () => {
  const ref = await stage('in_retry', orders);
  const input = stepInput('enrich_orders', 'run-retry', { fetch_orders: ref });
  const first = await runActivity(transform(), [input], environment());
  const rows = await stagedRows(outputOf('run-retry', 'enrich_orders'));
  assert.deepEqual(await runActivity(transform(), [input], environment()), first);
  assert.deepEqual(await stagedRows(outputOf('run-retry', 'enrich_orders')), rows);
  assert.equal(rows.length, 4);
});
