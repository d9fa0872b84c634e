// The postgres source on real PostgreSQL refuses with reasons: a missing or wrong URL, a bad or writing query, a bad definition.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { DefinitionError } from '../../core/pipeline/definition-error';
import type { PostgresSource } from '../../core/fetch/source-spec';
import type { IncrementalSpec } from '../../core/pipeline/step-definitions';
import { freePort } from '../../devstack/port-check';
import { db, failure, fetch, pipeline, source, sourceUrl, useOrdersSource } from './fetch-postgres-fixtures';

useOrdersSource();

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

test('a login the database does not let in (no CONNECT privilege) is terminal, not retried', async () => {
  const password = randomBytes(12).toString('base64url');
  await db.pool.query(`CREATE ROLE sluice_no_connect LOGIN PASSWORD '${password}'`);
  await db.pool.query('REVOKE CONNECT ON DATABASE orders_source FROM PUBLIC');
  const login = new URL(sourceUrl);
  login.username = 'sluice_no_connect';
  login.password = password;
  process.env.SLUICE_TEST_NO_CONNECT_DB_URL = login.href;
  try {
    const { terminal, type, message } = await failure(fetch({ urlEnv: 'SLUICE_TEST_NO_CONNECT_DB_URL' }));
    assert.ok(terminal);
    assert.equal(type, 'SluiceBadInput');
    assert.match(
      message,
      /SLUICE_TEST_NO_CONNECT_DB_URL .* refused the connection: permission denied for database "orders_source"/,
    );
    assert.match(message, /Check the login in SLUICE_TEST_NO_CONNECT_DB_URL and what the server grants it/);
    assert.ok(!message.includes(password), 'no password');
  } finally {
    await db.pool.query('GRANT CONNECT ON DATABASE orders_source TO PUBLIC');
    delete process.env.SLUICE_TEST_NO_CONNECT_DB_URL;
  }
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
  assert.deepEqual(
    problems({ params: ['{{watermark}}'] }, { cursorField: 'updated_at', cursorType: 'timestamp' }),
    [
      at(
        "source.params[0] uses {{watermark}}, so incremental.initial is required: the watermark of the first run (e.g. '1970-01-01T00:00:00Z')",
      ),
    ],
  );
  assert.deepEqual(problems({ params: ['{{nope}}'], batchSize: 0 }), [
    at(
      'source.params[0] uses unknown placeholder {{nope}}; use {{partition}}, {{watermark}} or {{params.<name>}}',
    ),
    at('source.batchSize must be a whole number from 1 to 100000'),
  ]);
});
