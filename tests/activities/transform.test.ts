// The transform activity on real PostgreSQL: rows functions over batches and SQL SELECTs over several inputs.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { stagingTableName } from '../../activities/staging/staging-name';
import { writeStaging } from '../../activities/staging/staging-writer';
import { createTransform } from '../../activities/transform/transform-activity';
import { definePipeline, type PipelineDefinition } from '../../core/define-pipeline';
import type { DatasetRef, StepInput } from '../../core/run-types';
import type { StepDefinition, TransformContext } from '../../core/step-definitions';
import { runActivity } from '../support/run-activity';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const WORKFLOW = 'sluice/transform_test/manual-1';
type Row = Record<string, unknown>;

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase();
  await db.pool.query('CREATE TABLE victims (id int)');
});
after(async () => {
  await db.stop();
});

/** What the async rows function saw, batch by batch. */
const seen: { size: number; first: unknown; context: TransformContext }[] = [];
/** What the `shape_orders` function returns; each test sets it. */
let shapeResult: unknown = [];
const fetchStep = (id: string): StepDefinition => ({
  kind: 'fetch',
  id,
  source: { kind: 'file', path: 'unused.csv', format: 'csv' },
});
const sqlStep = (id: string, sql: string, inputs = ['fetch_orders']): StepDefinition => ({
  kind: 'transform',
  id,
  inputs,
  sql,
});

const pipeline = definePipeline({
  name: 'transform_test',
  description: 'test',
  owner: 'tests',
  steps: [
    fetchStep('fetch_orders'),
    fetchStep('fetch_customers'),
    {
      kind: 'transform',
      id: 'enrich_orders',
      inputs: ['fetch_orders'],
      rows: (rows) => rows.map((r) => ({ ...r, amount_cents: Math.round(Number(r.amount) * 100) })),
    },
    {
      kind: 'transform',
      id: 'explode_orders',
      inputs: ['fetch_orders'],
      rows: async (rows, context) => {
        seen.push({ size: rows.length, first: rows[0]?.order_id, context });
        await sleep(1);
        return rows
          .filter((r) => r.status !== 'cancelled')
          .flatMap((r) =>
            Array.from({ length: Number(r.qty) }, (_, i) => ({
              order_id: r.order_id,
              unit: i + 1,
              region: context.params.region,
              day: context.partition,
            })),
          );
      },
    },
    {
      kind: 'transform',
      id: 'break_orders',
      inputs: ['fetch_orders'],
      rows: (rows) => {
        if (rows.some((r) => r.order_id === '1500')) (undefined as unknown as string).trim();
        return rows;
      },
    },
    {
      kind: 'transform',
      id: 'flaky_orders',
      inputs: ['fetch_orders'],
      rows: async () => {
        throw Object.assign(new Error('lookup service timed out'), { retryable: true });
      },
    },
    { kind: 'transform', id: 'shape_orders', inputs: ['fetch_orders'], rows: () => shapeResult as Row[] },
    sqlStep(
      'join_orders_customers',
      `SELECT o.order_id::int AS order_id, c.region, o.amount::numeric AS amount
         FROM {{fetch_orders}} o JOIN {{ fetch_customers }} c USING (customer_id)
        ORDER BY o.order_id::int`,
      ['fetch_orders', 'fetch_customers'],
    ),
    sqlStep(
      'agg_orders_region',
      `WITH joined AS (
         SELECT c.region, o.amount::numeric AS amount FROM {{fetch_orders}} o JOIN {{fetch_customers}} c USING (customer_id)
       )
       SELECT region, count(*) AS orders, sum(amount) AS total FROM joined GROUP BY region ORDER BY region`,
      ['fetch_orders', 'fetch_customers'],
    ),
    sqlStep('copy_orders', 'SELECT * FROM {{fetch_orders}}'),
    sqlStep('count_orders', 'SELECT count(*) AS n FROM {{fetch_orders}}'),
    sqlStep('syntax_orders', "SELECT '😀' AS e, order_id, FROM {{fetch_orders}}"),
    sqlStep(
      'column_orders',
      'SELECT o.order_id AS "🆔"\n  FROM {{fetch_orders}} o\n WHERE o.amount_total > 0',
    ),
    sqlStep('cast_orders', 'SELECT sum(amount::numeric) AS total FROM {{fetch_orders}}'),
    // E'\'' fools the definition's text check into reading the semicolons as quoted; PostgreSQL is not fooled.
    sqlStep(
      'smuggle_orders',
      "SELECT E'\\'' AS a FROM {{fetch_orders}}) AS q; DROP TABLE victims; SELECT (SELECT 'x'",
    ),
    sqlStep('sleep_orders', 'SELECT pg_sleep(30) AS slept FROM {{fetch_orders}}'),
  ],
});

/** Steps definePipeline refuses, in a catalog an application might assemble by hand. */
const handMade: PipelineDefinition = {
  name: 'hand_made',
  description: 'test',
  owner: 'tests',
  steps: [
    fetchStep('fetch_orders'),
    sqlStep('delete_orders', 'DELETE FROM {{fetch_orders}}'),
    sqlStep('drop_victims', 'SELECT 1 AS one FROM {{fetch_orders}}; DROP TABLE victims'),
    sqlStep('typo_orders', 'SELECT * FROM {{fetch_order}}'),
  ],
};

const catalog = new Map([
  [pipeline.name, pipeline],
  [handMade.name, handMade],
]);
const transform = () => createTransform({ pool: db.pool, catalog });

/** A generous start-to-close (the mock's default is 1 s), which the SQL path turns into statement_timeout. */
const environment = (startToCloseTimeoutMs = 60_000) =>
  new MockActivityEnvironment({ startToCloseTimeoutMs });

async function stage(table: string, rows: Row[]): Promise<DatasetRef> {
  async function* each() {
    yield* rows;
  }
  await writeStaging(db.pool, table, each(), () => undefined);
  return { table, rows: rows.length };
}

function stepInput(
  step: string,
  runId: string,
  inputs: Record<string, DatasetRef>,
  pipe: string = pipeline.name,
) {
  const input: StepInput = {
    pipeline: pipe,
    step,
    workflowId: WORKFLOW,
    runId,
    partition: '2026-11-21',
    params: { region: 'eu' },
    definitionHash: 'h',
    inputs,
  };
  return input;
}

const outputOf = (runId: string, step: string) => stagingTableName(WORKFLOW, runId, step);

async function stagedRows(table: string): Promise<Row[]> {
  const { rows } = await db.pool.query(`SELECT data FROM sluice_staging."${table}" ORDER BY _sluice_row`);
  return rows.map((r: { data: Row }) => r.data);
}

async function tableExists(table: string): Promise<boolean> {
  const { rows } = await db.pool.query('SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  return rows[0].exists;
}

/** Asserts a terminal Sluice failure of `type` with exactly `message`. */
function failure(type: string, message: string) {
  return (err: Error & { type?: string; nonRetryable?: boolean }) => {
    assert.equal(err.message, message);
    assert.equal(err.type, type);
    assert.equal(err.nonRetryable, true);
    return true;
  };
}

const prefix = (step: string, pipe: string = pipeline.name) => `${pipe}/${step} (run ${WORKFLOW}): `;

const order = (id: number, customer: string, amount: string): Row => ({
  order_id: String(id),
  customer_id: customer,
  amount,
});

const orders = [
  order(1, 'C1', '10.50'),
  order(2, 'C2', '5'),
  order(3, 'C1', '0.25'),
  order(4, 'C9', '7'), // no such customer: the join drops it
];
const customers = [
  { customer_id: 'C1', region: 'eu' },
  { customer_id: 'C2', region: 'us' },
];

test('a sync rows function reshapes every row, in input order', async () => {
  const ref = await stage('in_enrich', orders);
  const input = stepInput('enrich_orders', 'run-enrich', { fetch_orders: ref });
  const result = await runActivity(transform(), [input], environment());
  const table = outputOf('run-enrich', 'enrich_orders');
  assert.deepEqual(result, { rowsIn: 4, rowsOut: 4, rowsRejected: 0, output: { table, rows: 4 } });
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
  assert.deepEqual(result, { rowsIn: 2500, rowsOut: 2250, rowsRejected: 0, output: { table, rows: 2250 } });
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

test('an empty input gives an empty output, the function never called', async () => {
  seen.length = 0;
  const ref = await stage('in_empty', []);
  const result = await runActivity(
    transform(),
    [stepInput('explode_orders', 'run-empty', { fetch_orders: ref })],
    environment(),
  );
  const table = outputOf('run-empty', 'explode_orders');
  assert.deepEqual(result, { rowsIn: 0, rowsOut: 0, rowsRejected: 0, output: { table, rows: 0 } });
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

test('a rows transform cancelled part-way leaves no output and every connection back in the pool', async () => {
  const ref = await stage(
    'in_cancel',
    Array.from({ length: 3000 }, (_, i) => order(i + 1, 'C1', '1')),
  );
  const env = environment();
  env.once('heartbeat', () => env.cancel());
  await assert.rejects(
    runActivity(transform(), [stepInput('enrich_orders', 'run-cancel', { fetch_orders: ref })], env),
    { name: 'AbortError' },
  );
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-cancel', 'enrich_orders')}`), false);
  assert.equal(db.pool.idleCount, db.pool.totalCount);
});

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
  assert.deepEqual(result, { rowsIn: 6, rowsOut: 3, rowsRejected: 0, output: { table, rows: 3 } });
  assert.deepEqual(await stagedRows(table), [
    { order_id: 1, region: 'eu', amount: 10.5 },
    { order_id: 2, region: 'us', amount: 5 },
    { order_id: 3, region: 'eu', amount: 0.25 },
  ]);
});

test('a SQL transform aggregates, and a retried one writes the same output again', async () => {
  const inputs = {
    fetch_orders: await stage('in_agg_o', orders),
    fetch_customers: await stage('in_agg_c', customers),
  };
  const input = stepInput('agg_orders_region', 'run-agg', inputs);
  const table = outputOf('run-agg', 'agg_orders_region');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await runActivity(transform(), [input], environment());
    assert.deepEqual(result, { rowsIn: 6, rowsOut: 2, rowsRejected: 0, output: { table, rows: 2 } });
    assert.deepEqual(await stagedRows(table), [
      { region: 'eu', orders: 2, total: 10.75 },
      { region: 'us', orders: 1, total: 5 },
    ]);
  }
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

test('a lost input fails as SluiceStagingLost, so the workflow re-runs its producer', async () => {
  const inputs = {
    fetch_orders: await stage('in_lost_o', orders),
    fetch_customers: await stage('in_lost_c', customers),
  };
  await db.pool.query('TRUNCATE sluice_staging.in_lost_c');
  await assert.rejects(
    runActivity(transform(), [stepInput('join_orders_customers', 'run-lost', inputs)], environment()),
    failure(
      'SluiceStagingLost',
      `${prefix('join_orders_customers')}staging table in_lost_c holds 0 rows, expected 2. Sluice re-runs the step that produced it`,
    ),
  );
  await db.pool.query('DROP TABLE sluice_staging.in_lost_o');
  await assert.rejects(
    runActivity(transform(), [stepInput('enrich_orders', 'run-lost', inputs)], environment()),
    failure(
      'SluiceStagingLost',
      `${prefix('enrich_orders')}staging table in_lost_o holds nothing (it is gone), expected 4. Sluice re-runs the step that produced it`,
    ),
  );
});

test('a cancelled SQL transform stops its statement in PostgreSQL and leaves no output', async () => {
  const ref = await stage('in_sleep', orders.slice(0, 1));
  const env = environment();
  const started = Date.now();
  setTimeout(() => env.cancel(), 500);
  await assert.rejects(
    runActivity(transform(), [stepInput('sleep_orders', 'run-sleep', { fetch_orders: ref })], env),
    { name: 'CancelledFailure' },
  );
  assert.ok(Date.now() - started < 10_000, 'the 30 s statement was stopped');
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`,
  );
  assert.deepEqual(rows, [{ n: 0 }]);
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-sleep', 'sleep_orders')}`), false);
  assert.equal(db.pool.idleCount, db.pool.totalCount);
});

test("a statement running past the attempt's start-to-close is stopped, and the attempt may be retried", async () => {
  const ref = await stage('in_timeout', orders.slice(0, 1));
  await assert.rejects(
    runActivity(
      transform(),
      [stepInput('sleep_orders', 'run-timeout', { fetch_orders: ref })],
      environment(500),
    ),
    (err: Error & { nonRetryable?: boolean }) => {
      assert.equal(
        err.message,
        `${prefix('sleep_orders')}the sql was stopped (canceling statement due to statement timeout); ` +
          "the step's start-to-close timeout is 500 ms. Raise timeouts.startToClose or make the query cheaper",
      );
      assert.equal(err.nonRetryable, undefined);
      return true;
    },
  );
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-timeout', 'sleep_orders')}`), false);
});
