// The postgres source on real PostgreSQL: a second database read-only, values typed, parameters bound, secrets kept.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { createFetch } from '../../activities/fetch/fetch-activity';
import { commitWatermarks } from '../../activities/state/watermarks';
import { definePipeline } from '../../core/define-pipeline';
import { DefinitionError } from '../../core/definition-error';
import type { StepInput, StepResult } from '../../core/run-types';
import type { PostgresSource } from '../../core/source-spec';
import type { IncrementalSpec } from '../../core/step-definitions';
import { freePort } from '../../devstack/port-check';
import { runActivity } from '../support/run-activity';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const URL_ENV = 'SLUICE_TEST_ORDERS_DB_URL';
let db: TestDatabase;
let source: pg.Pool;
let sourceUrl: URL;
let runs = 0;

before(async () => {
  db = await startTestDatabase();
  await db.pool.query('DROP DATABASE IF EXISTS orders_source');
  await db.pool.query('CREATE DATABASE orders_source');
  sourceUrl = new URL(db.url);
  sourceUrl.pathname = '/orders_source';
  process.env[URL_ENV] = sourceUrl.href;
  source = new pg.Pool({ connectionString: sourceUrl.href });
  await source.query(`
    CREATE TABLE orders (
      id bigint PRIMARY KEY, customer text, amount numeric(10, 2), qty int, placed_on date,
      updated_at timestamptz, local_at timestamp, tags text[], meta jsonb, paid boolean, code bytea
    );
    INSERT INTO orders VALUES
      (9007199254740993, 'C001', 12.50, 3, '2026-11-01', '2026-11-01 08:30:00.123456+02', '2026-11-01 08:30:00',
       '{a,b}', '{"channel": "web", "n": [1, 2]}', true, '\\x0102'),
      (2, 'C002', 0.10, 1, '2026-11-02', '2026-11-02 00:00:00+00', '2026-11-02 23:59:59.5', '{}', NULL, false, NULL),
      (3, 'C001', 100, NULL, NULL, '2026-11-03 00:00:00+00', NULL, NULL, '[]', NULL, NULL),
      (4, 'C003', 7, 1, '2026-11-04', '2026-11-04 00:00:00+00', NULL, NULL, NULL, NULL, NULL),
      (5, 'C004', 8, 1, '2026-11-05', '2026-11-05 00:00:00+00', NULL, NULL, NULL, NULL, NULL);
  `);
});
after(async () => {
  await source.end();
  await db.pool.query('DROP DATABASE IF EXISTS orders_source WITH (FORCE)');
  delete process.env[URL_ENV];
  await db.stop();
});

function pipeline(spec: Partial<PostgresSource>, incremental?: IncrementalSpec) {
  return definePipeline({
    name: 'orders_db',
    description: 'orders from another database',
    owner: 'tests',
    steps: [
      {
        kind: 'fetch',
        id: 'fetch_orders_db',
        source: { kind: 'postgres', urlEnv: URL_ENV, query: 'SELECT * FROM orders ORDER BY id', ...spec },
        ...(incremental ? { incremental } : {}),
      },
    ],
  });
}

function input(options: { params?: Record<string, string>; partition?: string } = {}): StepInput {
  runs += 1;
  return {
    pipeline: 'orders_db',
    step: 'fetch_orders_db',
    workflowId: 'sluice/orders_db/manual-1',
    runId: `run-${runs}`,
    params: options.params ?? {},
    ...(options.partition ? { partition: options.partition } : {}),
    definitionHash: 'h',
    inputs: {},
  };
}

function fetch(
  spec: Partial<PostgresSource>,
  options: Parameters<typeof input>[0] = {},
  incremental?: IncrementalSpec,
  env?: MockActivityEnvironment,
): Promise<StepResult> {
  const definition = pipeline(spec, incremental);
  const activity = createFetch({
    pool: db.pool,
    catalog: new Map([[definition.name, definition]]),
    baseDir: '.',
  });
  return runActivity(activity, [input(options)], env);
}

async function staged(result: StepResult): Promise<Record<string, unknown>[]> {
  const { rows } = await db.pool.query(
    `SELECT data FROM sluice_staging.${result.output!.table} ORDER BY _sluice_row`,
  );
  return rows.map((r: { data: Record<string, unknown> }) => r.data);
}

/** The failure a fetch raises: whether it is terminal, its type and message. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    const e = err as { nonRetryable?: boolean; type?: string; message: string };
    return { terminal: e.nonRetryable === true, type: e.type, message: e.message };
  }
  throw new Error('the fetch succeeded, but the test expected it to fail');
}

test('rows stream in batches exactly, typed as documented, whatever the worker time zone', async () => {
  const zone = process.env.TZ;
  process.env.TZ = 'Asia/Tokyo'; // pg would parse a date to this zone's midnight: the day before in UTC
  try {
    const result = await fetch({ batchSize: 2 });
    assert.equal(result.rowsOut, 5);
    const rows = await staged(result);
    assert.deepEqual(
      rows.map((r) => r.id),
      ['2', '3', '4', '5', '9007199254740993'],
    );
    assert.deepEqual(rows[4], {
      id: '9007199254740993',
      customer: 'C001',
      amount: '12.50',
      qty: 3,
      placed_on: '2026-11-01',
      updated_at: '2026-11-01T06:30:00.123456Z',
      local_at: '2026-11-01T08:30:00.000000',
      tags: ['a', 'b'],
      meta: { channel: 'web', n: [1, 2] },
      paid: true,
      code: '\\x0102',
    });
    assert.deepEqual(rows[0], {
      id: '2',
      customer: 'C002',
      amount: '0.10',
      qty: 1,
      placed_on: '2026-11-02',
      updated_at: '2026-11-02T00:00:00.000000Z',
      local_at: '2026-11-02T23:59:59.500000',
      tags: [],
      meta: null,
      paid: false,
      code: null,
    });
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});

test('placeholders become bound parameters: an injection attempt stays a literal', async () => {
  const query = 'SELECT id FROM orders WHERE customer = $1 AND placed_on >= $2::date ORDER BY id';
  const params = ['{{params.customer}}', '{{partition}}'];
  const found = await fetch({ query, params }, { params: { customer: 'C001' }, partition: '2026-11-01' });
  assert.deepEqual(await staged(found), [{ id: '9007199254740993' }]);
  const injected = await fetch(
    { query, params },
    { params: { customer: "C001' OR '1'='1" }, partition: '2026-11-01' },
  );
  assert.equal(injected.rowsOut, 0);
  const { rows } = await source.query('SELECT count(*)::int AS n FROM orders');
  assert.equal(rows[0].n, 5);
});

test('a missing URL variable is terminal and names the variable', async () => {
  const { terminal, type, message } = await failure(fetch({ urlEnv: 'SLUICE_TEST_NOT_SET' }));
  assert.ok(terminal);
  assert.equal(type, 'SluiceBadInput');
  assert.match(message, /SLUICE_TEST_NOT_SET, which is not set in the worker's environment/);
  assert.match(message, /orders_db\/fetch_orders_db \(run sluice\/orders_db\/manual-1\)/);
});

test('a refused login is terminal, an unreachable server retryable; neither shows the URL or password', async () => {
  const password = decodeURIComponent(sourceUrl.password);
  assert.ok(password.length >= 8, 'the test database has a real password');
  const wrong = new URL(sourceUrl);
  wrong.password = 'not-the-password-42';
  process.env.SLUICE_TEST_WRONG_DB_URL = wrong.href;
  const refused = await failure(fetch({ urlEnv: 'SLUICE_TEST_WRONG_DB_URL' }));
  assert.ok(refused.terminal);
  assert.match(
    refused.message,
    /the database in SLUICE_TEST_WRONG_DB_URL \(127\.0\.0\.1:\d+\/orders_source\)/,
  );
  assert.match(refused.message, /refused the login: password authentication failed/);
  assert.ok(!refused.message.includes('not-the-password-42'));

  const closed = new URL(sourceUrl);
  closed.port = String(await freePort());
  process.env.SLUICE_TEST_CLOSED_DB_URL = closed.href;
  const unreachable = await failure(fetch({ urlEnv: 'SLUICE_TEST_CLOSED_DB_URL' }));
  assert.equal(unreachable.terminal, false);
  assert.match(unreachable.message, /SLUICE_TEST_CLOSED_DB_URL .* cannot be reached: .*ECONNREFUSED/);
  for (const message of [refused.message, unreachable.message]) {
    assert.ok(!message.includes(password), 'no password');
    assert.ok(!message.includes('postgresql://'), 'no URL');
  }
  delete process.env.SLUICE_TEST_WRONG_DB_URL;
  delete process.env.SLUICE_TEST_CLOSED_DB_URL;
});

test("a bad query is terminal with PostgreSQL's message and where in the query", async () => {
  const { terminal, message } = await failure(fetch({ query: 'SELECT id\nFROM order_lines' }));
  assert.ok(terminal);
  assert.match(message, /source\.query failed: relation "order_lines" does not exist at line 2, column 6/);
});

test('the query runs read-only: a write inside it fails and changes nothing', async () => {
  const { terminal, message } = await failure(
    fetch({ query: 'WITH gone AS (DELETE FROM orders RETURNING id) SELECT * FROM gone' }),
  );
  assert.ok(terminal);
  assert.match(message, /source\.query failed: cannot execute \w+ in a read-only transaction/);
  const { rows } = await source.query('SELECT count(*)::int AS n FROM orders');
  assert.equal(rows[0].n, 5);
});

test('incremental: {{watermark}} is bound, and only rows above it are kept', async () => {
  const spec = {
    query: 'SELECT id, updated_at FROM orders WHERE updated_at > $1::timestamptz ORDER BY id',
    params: ['{{watermark}}'],
  };
  const incremental = { cursorField: 'updated_at', initial: '2026-11-02T00:00:00.000000Z' };
  const first = await fetch(spec, {}, incremental);
  assert.deepEqual(
    (await staged(first)).map((r) => r.id),
    ['3', '4', '5'],
  );
  assert.equal(first.proposedWatermark, '2026-11-05T00:00:00.000000Z');
  const client = await db.pool.connect();
  try {
    await commitWatermarks(
      client,
      { pipeline: 'orders_db', workflowId: 'w', runId: 'r' },
      {
        fetch_orders_db: first.proposedWatermark!,
      },
    );
  } finally {
    client.release();
  }
  await source.query(`UPDATE orders SET updated_at = '2026-11-06 00:00:00+00' WHERE id = 2`);
  const second = await fetch(spec, {}, incremental);
  assert.deepEqual(await staged(second), [{ id: '2', updated_at: '2026-11-06T00:00:00.000000Z' }]);
  assert.equal(second.proposedWatermark, '2026-11-06T00:00:00.000000Z');
  await source.query(`UPDATE orders SET updated_at = '2026-11-02 00:00:00+00' WHERE id = 2`);
});

test(
  'cancelling the fetch ends it while the query still works on its first row',
  { timeout: 30_000 },
  async () => {
    const env = new MockActivityEnvironment();
    setTimeout(() => env.cancel(), 300);
    await assert.rejects(fetch({ query: 'SELECT pg_sleep(60) AS slept' }, {}, undefined, env), (err: Error) =>
      [err.name, (err.cause as Error | undefined)?.name].includes('CancelledFailure'),
    );
  },
);

test('the definition refuses what is not one SELECT, SQL placeholders, a URL in urlEnv and a first watermark missing', () => {
  const problems = (spec: Partial<PostgresSource>, incremental?: IncrementalSpec) => {
    try {
      pipeline(spec, incremental);
      return [];
    } catch (err) {
      assert.ok(err instanceof DefinitionError);
      return err.problems;
    }
  };
  const at = (text: string) => `step "fetch_orders_db": ${text}`;
  assert.deepEqual(problems({ query: 'DELETE FROM orders' }), [
    at('source.query must be a SELECT (or WITH ... SELECT), not DELETE'),
  ]);
  assert.deepEqual(problems({ query: 'SELECT 1; DROP TABLE orders' }), [
    at('source.query must be one statement without semicolons (drop a trailing ";" too)'),
  ]);
  assert.deepEqual(problems({ query: "SELECT ';' AS semicolon -- fine;\n" }), []);
  assert.deepEqual(problems({ query: "SELECT * FROM orders WHERE customer = '{{params.c}}'" }), [
    at('source.query must not use {{…}} placeholders: write $1, $2, … and put the values in source.params'),
  ]);
  assert.deepEqual(problems({ urlEnv: 'postgres://u:secret@h/db' }), [
    at('source.urlEnv must be the name of an environment variable (like ORDERS_DB_URL), not a URL'),
  ]);
  assert.deepEqual(problems({ params: ['{{watermark}}'] }, { cursorField: 'updated_at' }), [
    at(
      "source.params[0] uses {{watermark}}, so incremental.initial is required: the watermark of the first run (e.g. '1970-01-01T00:00:00Z')",
    ),
  ]);
  assert.deepEqual(problems({ params: ['{{nope}}'], batchSize: 0 }), [
    at(
      'source.params[0] uses unknown placeholder {{nope}}; use {{partition}}, {{watermark}} or {{params.<name>}}',
    ),
    at('source.batchSize must be a whole number from 1 to 100000'),
  ]);
});
