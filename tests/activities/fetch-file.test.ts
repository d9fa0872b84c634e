// The file source on real PostgreSQL: JSON arrays streamed, files over HTTP, and what is terminal or retried.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createFetch } from '../../activities/fetch/fetch-activity';
import { withAttempt } from '../../activities/with-attempt';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { DefinitionError } from '../../core/pipeline/definition-error';
import type { StepInput, StepResult } from '../../core/run/run-types';
import type { FileSource } from '../../core/fetch/source-spec';
import { runActivity } from '../support/run-activity';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const CSV = 'order_id,customer\n1,C001\n2,"C,002"\n';
const NDJSON = '{"order_id":1,"customer":"C001"}\n\n{"order_id":2,"customer":"C,002"}\n';
let db: TestDatabase;
let dir: string;
let server: http.Server;
let base: string;
let runs = 0;

before(async () => {
  db = await startTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-files-'));
  server = http.createServer((req, res) => {
    const route = req.url ?? '/';
    if (route === '/orders.csv') res.end(CSV);
    else if (route === '/orders.ndjson') res.end(NDJSON);
    else if (route === '/export.json') res.end('{"data": {"items": [{"order_id": 1}, {"order_id": 2}]}}');
    else if (route === '/moved.csv') res.writeHead(301, { location: '/orders.csv' }).end();
    else if (route === '/elsewhere.csv') {
      const port = (server.address() as AddressInfo).port;
      res.writeHead(302, { location: `http://localhost:${port}/orders.csv` }).end();
    } else if (route === '/broken.csv') res.writeHead(500).end('database on fire');
    else if (route === '/busy.csv') res.writeHead(503, { 'retry-after': '7' }).end();
    else res.writeHead(404).end('no such export');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
  await db.stop();
});

function pipeline(source: FileSource) {
  return definePipeline({
    name: 'files',
    description: 'files of orders',
    owner: 'tests',
    steps: [{ kind: 'fetch', id: 'fetch_orders_file', source }],
  });
}

/** Runs the fetch activity; `asRegistered` wraps it as the worker registers it (withAttempt, the step boundary). */
function fetch(source: FileSource, asRegistered = false, pool: pg.Pool = db.pool): Promise<StepResult> {
  const definition = pipeline(source);
  const activity = createFetch({
    pool,
    catalog: new Map([[definition.name, definition]]),
    baseDir: dir,
  });
  runs += 1;
  const input: StepInput = {
    pipeline: 'files',
    step: 'fetch_orders_file',
    workflowId: 'sluice/files/manual-1',
    runId: `run-${runs}`,
    params: {},
    definitionHash: 'h',
    inputs: {},
  };
  return runActivity(asRegistered ? withAttempt(activity) : activity, [input]);
}

async function staged(result: StepResult): Promise<unknown[]> {
  const { rows } = await db.pool.query(
    `SELECT data FROM sluice_staging.${result.output!.table} ORDER BY _sluice_row`,
  );
  return rows.map((r: { data: unknown }) => r.data);
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    const e = err as { nonRetryable?: boolean; type?: string; nextRetryDelay?: unknown; message: string };
    return { terminal: e.nonRetryable === true, type: e.type, delay: e.nextRetryDelay, message: e.message };
  }
  throw new Error('the fetch succeeded, but the test expected it to fail');
}

async function jsonFile(name: string, text: string): Promise<FileSource> {
  await writeFile(path.join(dir, name), text);
  return { kind: 'file', path: name, format: 'json' };
}

test('a JSON array streams its objects in order, values as the JSON has them', async () => {
  const records = [
    { id: 1, name: 'Zoë "the ]first[" }', nested: { tags: ['a', '{'], n: null }, ok: true },
    { id: 2.5e3, name: '\u2603 \\ /', nested: {}, ok: false },
  ];
  const result = await fetch(
    await jsonFile('top.json', `\uFEFF[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`),
  );
  assert.equal(result.rowsOut, 2);
  assert.deepEqual(await staged(result), records);
});

test('recordsPath finds the array inside the document and skips everything around it', async () => {
  const text = JSON.stringify({
    meta: { items: [{ decoy: true }], note: '"data": {"items": [' },
    data: { count: 2, items: [{ order_id: 1 }, { order_id: 2 }], trailer: [[{}]] },
    after: 'x',
  });
  const result = await fetch({ ...(await jsonFile('wrapped.json', text)), recordsPath: 'data.items' });
  assert.deepEqual(await staged(result), [{ order_id: 1 }, { order_id: 2 }]);
});

test('a JSON file larger than a read chunk streams whole', async () => {
  const n = 20_000;
  const items = Array.from({ length: n }, (_, i) => ({ id: i + 1, note: `order number ${i + 1} \u00e9` }));
  const result = await fetch(await jsonFile('large.json', JSON.stringify(items, null, 1)));
  assert.equal(result.rowsOut, n);
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n, sum((data->>'id')::int)::bigint AS total, max(data->>'note') FILTER (WHERE _sluice_row = $1) AS last
     FROM sluice_staging.${result.output!.table}`,
    [n],
  );
  assert.deepEqual(rows[0], { n, total: String((n * (n + 1)) / 2), last: `order number ${n} \u00e9` });
});

test('malformed JSON is terminal and names the line and column', async () => {
  const { terminal, type, message } = await failure(
    fetch(await jsonFile('bad.json', '[\n  {"id": 1},\n  {"id": 2,}\n]')),
  );
  assert.ok(terminal);
  assert.equal(type, 'SluiceBadInput');
  assert.match(
    message,
    /bad\.json is not valid JSON at line 3, column 12: expected a key \(a string\), found "}"/,
  );
  const truncated = await failure(fetch(await jsonFile('cut.json', '[{"id": 1}, {"id"')));
  assert.match(
    truncated.message,
    /cut\.json is not valid JSON at line 1, column 18: the document ends before it is complete/,
  );
});

test('records that are not objects, or no array where recordsPath points, are terminal', async () => {
  const scalars = await failure(fetch(await jsonFile('scalars.json', '[{"id": 1}, 2]')));
  assert.ok(scalars.terminal);
  assert.match(scalars.message, /scalars\.json at line 1, column 13: record 1 is a number, not an object/);
  const object = await failure(fetch(await jsonFile('object.json', '{"items": []}')));
  assert.match(
    object.message,
    /the document is an object, not an array of records \(set source\.recordsPath/,
  );
  const missing = await failure(
    fetch({ ...(await jsonFile('other.json', '{"rows": []}')), recordsPath: 'items' }),
  );
  assert.ok(missing.terminal);
  assert.match(missing.message, /other\.json has nothing at recordsPath items/);
});

test('an NDJSON line that is a number too large for a double is not a record (found by fuzzing)', async () => {
  // It was kept exact as an object and staged as a JSON string; validate then died on jsonb_object_keys.
  await writeFile(path.join(dir, 'big.ndjson'), '{"id": 1}\n12345678901234567890123\n');
  const big = await failure(fetch({ kind: 'file', path: 'big.ndjson', format: 'ndjson' }));
  assert.ok(big.terminal);
  assert.match(big.message, /big\.ndjson line 2 is not a JSON object/);
});

test('CSV, NDJSON and JSON over HTTP stream like files; a redirect on the same host is followed', async () => {
  const expected = [
    { order_id: '1', customer: 'C001' },
    { order_id: '2', customer: 'C,002' },
  ];
  assert.deepEqual(
    await staged(await fetch({ kind: 'file', url: `${base}/orders.csv`, format: 'csv' })),
    expected,
  );
  assert.deepEqual(
    await staged(await fetch({ kind: 'file', url: `${base}/moved.csv`, format: 'csv' })),
    expected,
  );
  assert.deepEqual(
    await staged(await fetch({ kind: 'file', url: `${base}/orders.ndjson`, format: 'ndjson' })),
    [
      { order_id: 1, customer: 'C001' },
      { order_id: 2, customer: 'C,002' },
    ],
  );
  const json = await fetch({
    kind: 'file',
    url: `${base}/export.json`,
    format: 'json',
    recordsPath: 'data.items',
  });
  assert.deepEqual(await staged(json), [{ order_id: 1 }, { order_id: 2 }]);
});

test("a 4xx answer is terminal, a 5xx retryable (Retry-After becomes the retry's delay)", async () => {
  const missing = await failure(fetch({ kind: 'file', url: `${base}/missing.csv`, format: 'csv' }));
  assert.ok(missing.terminal);
  assert.match(
    missing.message,
    /GET http:\/\/127\.0\.0\.1:\d+\/missing\.csv answered 404 Not Found: no such export/,
  );
  const broken = await failure(fetch({ kind: 'file', url: `${base}/broken.csv`, format: 'csv' }));
  assert.equal(broken.terminal, false);
  assert.match(broken.message, /broken\.csv answered 500 Internal Server Error: database on fire/);
  const busy = await failure(fetch({ kind: 'file', url: `${base}/busy.csv`, format: 'csv' }));
  assert.equal(busy.terminal, false);
  assert.equal(busy.delay, 7000);
  const registered = await failure(fetch({ kind: 'file', url: `${base}/busy.csv`, format: 'csv' }, true));
  assert.equal(registered.terminal, false);
  assert.equal(registered.delay, 7000, 'the step boundary keeps the delay');
});

test('a value PostgreSQL cannot store (\\u0000 in a string) quarantines its record, not the fetch', async () => {
  await writeFile(path.join(dir, 'nul.ndjson'), '{"id":1,"note":"fine"}\n{"id":2,"note":"a\\u0000b"}\n');
  const result = await fetch({ kind: 'file', path: 'nul.ndjson', format: 'ndjson' });
  assert.deepEqual([result.rowsIn, result.rowsOut, result.rowsRejected], [2, 1, 1]);
  assert.deepEqual(await staged(result), [{ id: 1, note: 'fine' }]);
  const { rows } = await db.pool.query(
    `SELECT row_number::int, row FROM sluice.quarantine WHERE step = 'fetch_orders_file' AND run_id = $1`,
    [`run-${runs}`],
  );
  assert.deepEqual(rows, [{ row_number: 2, row: { id: 2, note: 'a\uFFFDb' } }]);
});

test("Sluice's own statements refused (no CREATE in sluice_staging) fail the step for good at its boundary", async () => {
  await db.pool.query(`CREATE ROLE sluice_no_staging NOLOGIN`);
  await db.pool.query(`GRANT USAGE ON SCHEMA sluice, sluice_staging TO sluice_no_staging`);
  await writeFile(path.join(dir, 'ok.csv'), CSV);
  // The superuser's connections acting as the role: its privileges, not the superuser's, decide.
  const asRole = new pg.Pool({ connectionString: db.url, options: '-c role=sluice_no_staging' });
  try {
    const source: FileSource = { kind: 'file', path: 'ok.csv', format: 'csv' };
    const inside = await failure(fetch(source, false, asRole));
    assert.equal(inside.terminal, false, 'the fetch itself leaves the judgement to the step boundary');
    const { terminal, type, message } = await failure(fetch(source, true, asRole));
    assert.ok(terminal);
    assert.equal(type, 'SluiceDatabaseRefused');
    assert.match(
      message,
      /^files\/fetch_orders_file \(run sluice\/files\/manual-\d\): PostgreSQL refused one of Sluice's own statements: permission denied for schema sluice_staging\. Check the worker role's grants \(deploy\/postgres\/roles\.sql\)/,
    );
  } finally {
    await asRole.end();
  }
});

test("a redirect off the url's host is refused", async () => {
  const { terminal, message } = await failure(
    fetch({ kind: 'file', url: `${base}/elsewhere.csv`, format: 'csv' }),
  );
  assert.ok(terminal);
  assert.match(
    message,
    /refused a redirect to http:\/\/localhost:\d+\/orders\.csv: host localhost:\d+ is not in/,
  );
});

test('a missing local file fails the step terminally (and the worker process lives on)', async () => {
  for (const format of ['csv', 'ndjson', 'json'] as const) {
    const { terminal, message } = await failure(fetch({ kind: 'file', path: `absent.${format}`, format }));
    assert.ok(terminal, format);
    assert.match(message, new RegExp(`source file .*absent\\.${format} does not exist`));
  }
});

test('the definition needs exactly one of path or url, a known format, and recordsPath only for json', () => {
  const problems = (source: Partial<FileSource>) => {
    try {
      pipeline({ kind: 'file', format: 'json', ...source } as FileSource);
      return [];
    } catch (err) {
      assert.ok(err instanceof DefinitionError);
      return err.problems.map((p) => p.replace('step "fetch_orders_file": ', ''));
    }
  };
  const exactlyOne = 'source needs exactly one of path (a file on disk) or url (an http or https address)';
  assert.deepEqual(problems({}), [exactlyOne]);
  assert.deepEqual(problems({ path: 'a.json', url: 'https://x.example/a.json' } as never), [exactlyOne]);
  assert.deepEqual(problems({ url: 'ftp://x.example/a.csv', format: 'xml' as never }), [
    'source.url must use http or https, not ftp:',
    'source.format must be csv, ndjson or json, got "xml"',
  ]);
  assert.deepEqual(problems({ url: 'https://user:pw@x.example/a.csv' }), [
    'source.url must not hold credentials: a definition is stored in workflow history',
  ]);
  assert.deepEqual(problems({ path: 'a.csv', format: 'csv', recordsPath: 'data.items' }), [
    'source.recordsPath applies to format json only',
  ]);
  assert.deepEqual(problems({ path: 'a.json', recordsPath: 'data..items' }), [
    'source.recordsPath must be a dot path like data.items, got "data..items"',
  ]);
});
