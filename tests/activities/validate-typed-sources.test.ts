// The same contract over a text source (CSV) and typed ones (NDJSON, JSON, HTTP, PostgreSQL), fetched and validated on real PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { z } from 'zod';
import { createFetch } from '../../activities/fetch/fetch-activity';
import { createValidate } from '../../activities/validate/validate-activity';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import type { FetchStep, ValidateStep } from '../../core/pipeline/step-definitions';
import type { SourceSpec } from '../../core/fetch/source-spec';
import type { ContractRef } from '../../core/validate/contract-ref';
import type { DatasetRef, StepInput } from '../../core/run/run-types';
import { runActivity } from '../support/run-activity';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const URL_ENV = 'SLUICE_TEST_TYPED_SOURCE_URL';
const ORDERS = 'tests/fixtures/contracts/orders.yml';
const root = path.resolve(__dirname, '../..');

/** The twin of tests/fixtures/contracts/orders.yml. */
const ordersZod = z.object({
  order_id: z.int().min(1),
  customer_id: z.string().regex(/^C\d{3}$/u),
  status: z.enum(['placed', 'shipped', 'delivered', 'cancelled']),
  amount: z.number().min(0).max(1_000_000),
  note: z.string().max(100).nullish(),
  ordered_at: z.iso.datetime({ offset: true }),
});

const CSV = `order_id,customer_id,status,amount,ordered_at
1,C001,placed,87.45,2026-11-21T01:04:00Z
2,C002,shipped,8745,2026-11-21T02:04:00Z
3,C003,placed,10.000000000000000000001,2026-11-21T03:04:00Z
`;
/** The same orders from an API that drifted: order 2's amount arrives as a string; order 3's is exact text to a double. */
const NDJSON = `{"order_id":1,"customer_id":"C001","status":"placed","amount":87.45,"ordered_at":"2026-11-21T01:04:00Z"}
{"order_id":2,"customer_id":"C002","status":"shipped","amount":"8745","ordered_at":"2026-11-21T02:04:00Z"}
{"order_id":3,"customer_id":"C003","status":"placed","amount":10.000000000000000000001,"ordered_at":"2026-11-21T03:04:00Z"}
`;
/** The NDJSON orders as one JSON document, as a file and as an API's response. */
const JSON_DOCUMENT = `{"data":[${NDJSON.trim().split('\n').join(',')}]}`;
const QUERY = `SELECT order_id, customer_id, status, amount, to_char(ordered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ordered_at FROM orders ORDER BY order_id`;

/** The API serving JSON_DOCUMENT; the pipeline is defined once it listens, with its url. */
const api = http.createServer((_req, res) => res.end(JSON_DOCUMENT));

const sourcesWith = (apiUrl: string): Record<string, SourceSpec> => ({
  csv: { kind: 'file', path: 'orders.csv', format: 'csv' },
  ndjson: { kind: 'file', path: 'orders.ndjson', format: 'ndjson' },
  json: { kind: 'file', path: 'orders.json', format: 'json', recordsPath: 'data' },
  http: { kind: 'http', url: apiUrl, recordsPath: 'data', allowPrivateNetwork: true },
  db: { kind: 'postgres', urlEnv: URL_ENV, query: QUERY },
  // A source whose amount column became text: the drift a contract is there to catch.
  db_text: {
    kind: 'postgres',
    urlEnv: URL_ENV,
    query: QUERY.replace(', amount,', ', amount::text AS amount,'),
  },
});
const contracts: Record<string, ContractRef> = {
  yaml: { file: ORDERS },
  zod: { schema: ordersZod },
  zod_coerce: { schema: ordersZod, coerce: true },
};

const PIPELINE = 'typed_sources';

/** A fetch per source, and a validate step per source and contract, `maxInvalidRatio: 1` to see every verdict. */
function catalogWith(apiUrl: string) {
  const sources = sourcesWith(apiUrl);
  const fetches: FetchStep[] = Object.entries(sources).map(([name, source]) => ({
    kind: 'fetch',
    id: `fetch_${name}`,
    source,
  }));
  const validates: ValidateStep[] = Object.keys(sources).flatMap((name) =>
    Object.entries(contracts).map(([kind, contract]) => ({
      kind: 'validate' as const,
      id: `validate_${name}_${kind}`,
      input: `fetch_${name}`,
      contract,
      maxInvalidRatio: 1,
    })),
  );
  const pipeline = definePipeline({
    name: PIPELINE,
    description: 'one contract, sources of each kind',
    owner: 'tests',
    steps: [...fetches, ...validates],
  });
  return new Map([[pipeline.name, pipeline]]);
}
let catalog: ReturnType<typeof catalogWith>;

let db: TestDatabase;
let dir: string;
before(async () => {
  db = await startTestDatabase();
  await db.pool.query('DROP DATABASE IF EXISTS typed_source');
  await db.pool.query('CREATE DATABASE typed_source');
  const url = new URL(db.url);
  url.pathname = '/typed_source';
  process.env[URL_ENV] = url.href;
  const source = new pg.Client({ connectionString: url.href });
  await source.connect();
  await source.query(`
    CREATE TABLE orders (order_id bigint, customer_id text, status text, amount numeric, ordered_at timestamptz);
    INSERT INTO orders VALUES (1, 'C001', 'placed', 87.45, '2026-11-21T01:04:00Z'),
      (2, 'C002', 'shipped', 8745, '2026-11-21T02:04:00Z'),
      (3, 'C003', 'placed', 10.000000000000000000001, '2026-11-21T03:04:00Z');
  `);
  await source.end();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-typed-'));
  await writeFile(path.join(dir, 'orders.csv'), CSV);
  await writeFile(path.join(dir, 'orders.ndjson'), NDJSON);
  await writeFile(path.join(dir, 'orders.json'), JSON_DOCUMENT);
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  catalog = catalogWith(`http://127.0.0.1:${(api.address() as AddressInfo).port}/orders`);
});
after(async () => {
  await new Promise((resolve) => api.close(resolve));
  await db.pool.query('DROP DATABASE IF EXISTS typed_source WITH (FORCE)');
  delete process.env[URL_ENV];
  await db.stop();
  await rm(dir, { recursive: true, force: true });
});

const input = (step: string, inputs: Record<string, DatasetRef> = {}): StepInput => ({
  pipeline: PIPELINE,
  step,
  workflowId: 'sluice/typed_sources/manual-1',
  runId: 'run-1',
  params: {},
  definitionHash: 'h',
  inputs,
});

async function fetched(name: string): Promise<DatasetRef> {
  const fetch = createFetch({ pool: db.pool, catalog, baseDir: dir });
  const result = await runActivity(fetch, [input(`fetch_${name}`)]);
  return result.output as DatasetRef;
}

/** The rows that pass (their order ids and amounts) and the quarantined ones (their order ids and issues). */
async function validated(name: string, contract: string, ref: DatasetRef) {
  const step = `validate_${name}_${contract}`;
  const validate = createValidate({ pool: db.pool, catalog, baseDir: root });
  const result = await runActivity(validate, [input(step, { [`fetch_${name}`]: ref })]);
  const passed = await db.pool.query(
    `SELECT data->'order_id' AS id, data->'amount' AS amount FROM sluice_staging."${result.output?.table}" ORDER BY _sluice_row`,
  );
  const quarantined = await db.pool.query(
    `SELECT row->'order_id' AS id, issues FROM sluice.quarantine WHERE step = $1 ORDER BY row_number`,
    [step],
  );
  return {
    passed: passed.rows.map((r: { id: unknown; amount: unknown }) => [r.id, r.amount]),
    quarantined: quarantined.rows.map((r: { id: unknown; issues: { path: string[]; message: string }[] }) => [
      r.id,
      r.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    ]),
  };
}

const all = [
  [1, 87.45],
  [2, 8745],
  [3, 10],
];
const amountIsText = 'amount: Invalid input: expected number, received string';

test('references say how the values arrived: text from CSV, typed from NDJSON, JSON, HTTP and PostgreSQL', async () => {
  assert.equal((await fetched('csv')).values, 'text');
  for (const name of ['ndjson', 'json', 'http']) assert.equal((await fetched(name)).values, 'typed', name);
  const fromDb = await fetched('db');
  assert.deepEqual([fromDb.values, fromDb.numberText], ['typed', ['amount', 'order_id']]);
  const fromText = await fetched('db_text');
  assert.deepEqual([fromText.values, fromText.numberText], ['typed', ['order_id']]);
});

test('CSV text is read as the declared types: every order passes, YAML and zod alike', async () => {
  const ref = await fetched('csv');
  for (const contract of ['yaml', 'zod', 'zod_coerce'])
    assert.deepEqual(await validated('csv', contract, ref), { passed: all, quarantined: [] }, contract);
});

test('an amount sent as a string breaks z.number() and type: number, unless the contract coerces', async () => {
  for (const name of ['ndjson', 'json', 'http']) {
    const ref = await fetched(name);
    for (const contract of ['yaml', 'zod']) {
      assert.deepEqual(
        await validated(name, contract, ref),
        { passed: [all[0], all[2]], quarantined: [[2, [amountIsText]]] },
        `${name}, ${contract}`,
      );
    }
    assert.deepEqual(await validated(name, 'zod_coerce', ref), { passed: all, quarantined: [] }, name);
  }
});

test("PostgreSQL's numeric and bigint are numbers, though staged as exact text; a text column is text", async () => {
  const ref = await fetched('db');
  for (const contract of ['yaml', 'zod'])
    assert.deepEqual(await validated('db', contract, ref), { passed: all, quarantined: [] }, contract);
  const text = await fetched('db_text');
  // Quarantine keeps each row as the source sent it: the bigint as its exact text.
  const drifted = all.map(([id]) => [String(id), [amountIsText]]);
  for (const contract of ['yaml', 'zod']) {
    assert.deepEqual(
      await validated('db_text', contract, text),
      { passed: [], quarantined: drifted },
      contract,
    );
  }
  assert.deepEqual(await validated('db_text', 'zod_coerce', text), { passed: all, quarantined: [] });
});
