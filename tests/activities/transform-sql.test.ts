// The transform activity's SQL SELECTs on real PostgreSQL: joins and aggregates over inputs, bad SQL, hand-made catalogs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runActivity } from '../support/run-activity';
import {
  customers,
  environment,
  failure,
  handMade,
  order,
  orders,
  outputOf,
  prefix,
  stepInput,
  useTransformDatabase,
} from './transform-fixtures';

const { db, transform, stage, stagedRows, tableExists } = useTransformDatabase();

test('a SQL transform joins two inputs, their columns text until cast', async () => {
  const inputs = {
    fetch_orders: await stage('in_join_o', orders),
    fetch_customers: await stage('in_join_c', customers),
  };
  const result = await runActivity(
    transform(),
    [stepInput('join_orders_customers', 'run-join', inputs)],
    environment(),
  );
  const table = outputOf('run-join', 'join_orders_customers');
  assert.deepEqual(result, {
    rowsIn: 6,
    rowsOut: 3,
    rowsRejected: 0,
    output: { table, rows: 3, values: 'text' },
  });
  assert.deepEqual(await stagedRows(table), [
    { order_id: 1, region: 'eu', amount: 10.5 },
    { order_id: 2, region: 'us', amount: 5 },
    { order_id: 3, region: 'eu', amount: 0.25 },
  ]);
});

test('a SQL transform aggregates, and a retried one writes the same output again', async () => {
  const inputs = {
    fetch_orders: await stage('in_agg_o', orders),
    // One input of text is enough: the values that came from it are still text a contract must read.
    fetch_customers: await stage('in_agg_c', customers, 'typed'),
  };
  const input = stepInput('agg_orders_region', 'run-agg', inputs);
  const table = outputOf('run-agg', 'agg_orders_region');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await runActivity(transform(), [input], environment());
    assert.deepEqual(result, {
      rowsIn: 6,
      rowsOut: 2,
      rowsRejected: 0,
      output: { table, rows: 2, values: 'text' },
    });
    assert.deepEqual(await stagedRows(table), [
      { region: 'eu', orders: 2, total: 10.75 },
      { region: 'us', orders: 1, total: 5 },
    ]);
  }
});

test('an empty input has no columns, yet counts', async () => {
  const ref = await stage('in_sql_empty', []);
  const result = await runActivity(
    transform(),
    [stepInput('count_orders', 'run-count', { fetch_orders: ref })],
    environment(),
  );
  assert.deepEqual(result.rowsOut, 1);
  assert.deepEqual(await stagedRows(outputOf('run-count', 'count_orders')), [{ n: 0 }]);
});

test('values and keys that look like SQL stay data', async () => {
  const evil = [
    { order_id: "1'); DROP TABLE victims; --", 'weird"key; DROP TABLE victims; --': 'x', "it's": '$$;' },
    { order_id: '2', "it's": "'; DELETE FROM victims; SELECT '" },
  ];
  const ref = await stage('in_evil', evil);
  const result = await runActivity(
    transform(),
    [stepInput('copy_orders', 'run-evil', { fetch_orders: ref })],
    environment(),
  );
  assert.equal(result.rowsOut, 2);
  assert.deepEqual(await stagedRows(outputOf('run-evil', 'copy_orders')), [
    { order_id: "1'); DROP TABLE victims; --", 'weird"key; DROP TABLE victims; --': 'x', "it's": '$$;' },
    { order_id: '2', 'weird"key; DROP TABLE victims; --': null, "it's": "'; DELETE FROM victims; SELECT '" },
  ]);
  assert.equal(await tableExists('public.victims'), true);
});

test('bad SQL fails for good with PostgreSQL’s message and where it is in the sql; no output is left', async () => {
  // A key with characters outside the BMP moves PostgreSQL's positions, counted in characters, away from UTF-16's.
  const ref = await stage('in_bad', [...orders, { ...order(5, 'C1', 'abc'), '😀 note': 'x' }]);
  const run = (step: string) =>
    runActivity(transform(), [stepInput(step, 'run-bad', { fetch_orders: ref })], environment());
  const fix =
    'Input columns are text (cast them, e.g. amount::numeric); fix the sql and start a new run. No output was written';
  await assert.rejects(
    run('syntax_orders'),
    failure(
      'SluiceBadInput',
      `${prefix('syntax_orders')}the sql failed: syntax error at or near "FROM" at line 1, column 28 of the sql. ${fix}`,
    ),
  );
  await assert.rejects(
    run('column_orders'),
    failure(
      'SluiceBadInput',
      `${prefix('column_orders')}the sql failed: column o.amount_total does not exist at line 3, column 8 of the sql; ` +
        `the inputs' columns are fetch_orders (amount, customer_id, order_id, 😀 note). ${fix}`,
    ),
  );
  await assert.rejects(
    run('cast_orders'),
    failure(
      'SluiceBadInput',
      `${prefix('cast_orders')}the sql failed: invalid input syntax for type numeric: "abc". ${fix}`,
    ),
  );
  await assert.rejects(
    run('smuggle_orders'),
    failure(
      'SluiceBadInput',
      `${prefix('smuggle_orders')}the sql failed: cannot insert multiple commands into a prepared statement. ${fix}`,
    ),
  );
  for (const step of ['syntax_orders', 'column_orders', 'cast_orders', 'smuggle_orders']) {
    assert.equal(await tableExists(`sluice_staging.${outputOf('run-bad', step)}`), false, step);
  }
  assert.equal(await tableExists('public.victims'), true);
});

test('a catalog built by hand still cannot run a non-SELECT, two statements or an unknown input', async () => {
  const ref = await stage('in_hand', orders);
  const run = (step: string) =>
    runActivity(
      transform(),
      [stepInput(step, 'run-hand', { fetch_orders: ref }, handMade.name)],
      environment(),
    );
  const fix = 'Fix the step definition and start a new run';
  await assert.rejects(
    run('delete_orders'),
    failure(
      'SluiceDefinitionError',
      `${prefix('delete_orders', handMade.name)}the transform cannot run: sql must be a SELECT (or WITH ... SELECT), not DELETE. ${fix}`,
    ),
  );
  await assert.rejects(
    run('drop_victims'),
    failure(
      'SluiceDefinitionError',
      `${prefix('drop_victims', handMade.name)}the transform cannot run: sql must be one statement without semicolons (drop a trailing ";" too). ${fix}`,
    ),
  );
  await assert.rejects(
    run('typo_orders'),
    failure(
      'SluiceDefinitionError',
      `${prefix('typo_orders', handMade.name)}the transform cannot run: sql names {{fetch_order}}, which is not one of the inputs (fetch_orders); ` +
        `input "fetch_orders" is not used in sql; name it as {{fetch_orders}}. ${fix}`,
    ),
  );
  assert.equal(await tableExists('public.victims'), true);
  assert.deepEqual((await db.pool.query(`SELECT count(*)::int AS n FROM sluice_staging.in_hand`)).rows, [
    { n: 4 },
  ]);
});
