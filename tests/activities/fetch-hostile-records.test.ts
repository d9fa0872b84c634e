// Broken and hostile records on real PostgreSQL: downloads and records past their caps, unstorable records, exact numbers.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { FILE_URL_DEFAULTS } from '../../activities/fetch/file-url-stream';
import { RECORD_DEFAULTS } from '../../activities/fetch/record-limits';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { DefinitionError } from '../../core/pipeline/definition-error';
import type { FileSource, HttpSource, SourceSpec } from '../../core/fetch/source-spec';
import type { StepResult } from '../../core/run/run-types';
import { useTestDatabase } from '../support/test-database';
import { fetchFailure, fetchSource, stagedRows, stepInput, where } from './hostile-source-fixtures';

const db = useTestDatabase();
let dir: string;
let server: http.Server;
let base: string;
/** What the server answers at each path: a body, or 'stall' for a download that never ends. */
const bodies = new Map<string, string | 'stall'>();

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-hostile-'));
  server = http.createServer((req, res) => {
    const body = bodies.get(req.url ?? '');
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    if (body === 'stall') res.write('[{"id": 1},');
    else res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string, format: 'csv' | 'ndjson' | 'json') {
  await writeFile(path.join(dir, name), text);
  return { kind: 'file', path: name, format } as const;
}

const fetchIn = (source: SourceSpec, input = stepInput()) => fetchSource(db.pool, source, input, dir);

async function quarantined(result: StepResult, runId: string) {
  const { rows } = await db.pool.query<{ row_number: number; row: unknown; issues: { message: string }[] }>(
    `SELECT row_number::int, row, issues FROM sluice.quarantine WHERE run_id = $1 ORDER BY row_number`,
    [runId],
  );
  assert.equal(result.rowsRejected, rows.length, 'the step counts every quarantined record as rejected');
  return rows.map((r) => ({
    row: r.row_number,
    why: r.issues.map((i) => i.message).join('; '),
    data: r.row,
  }));
}

test('a file URL has a byte cap and a deadline, by default and overridden; passing either is terminal', async () => {
  assert.deepEqual(FILE_URL_DEFAULTS, { maxDownloadBytes: 10 * 1024 ** 3, downloadTimeoutMs: 3_600_000 });
  bodies.set('/big.json', JSON.stringify(Array.from({ length: 200 }, (_, id) => ({ id }))));
  const input = stepInput();
  const big = await fetchFailure(
    fetchIn({ kind: 'file', url: `${base}/big.json`, format: 'json', maxDownloadBytes: 1000 }, input),
  );
  assert.equal(big.terminal, true);
  assert.equal(
    big.message,
    `${where(input)}GET ${base}/big.json sent more than source.maxDownloadBytes (1000 bytes). ` +
      'If the file really is that large, raise source.maxDownloadBytes; then start a new run',
  );

  bodies.set('/stall.json', 'stall');
  const slow = await fetchFailure(
    fetchIn({ kind: 'file', url: `${base}/stall.json`, format: 'json', downloadTimeout: '300ms' }),
  );
  assert.equal(slow.terminal, true);
  assert.match(
    slow.message,
    /GET http:\/\/127\.0\.0\.1:\d+\/stall\.json did not finish within source\.downloadTimeout \(300 ms; 11 bytes received\)\. If the file takes that long to download, raise source\.downloadTimeout/,
  );
});

test('NDJSON lines, CSV records, JSON records and HTTP records share one size limit, naming the record', async () => {
  assert.equal(RECORD_DEFAULTS.maxRecordBytes, 16 * 1024 * 1024);
  const long = 'x'.repeat(300);
  const action =
    'If records that large are expected, raise source.maxRecordBytes; otherwise fix the source. Then start a new run';
  const cases: [FileSource | HttpSource, string][] = [
    [
      await file('long.ndjson', `{"id":1}\n\n{"id":2,"note":"${long}"}\n{"id":3}\n`, 'ndjson'),
      `${path.join(dir, 'long.ndjson')} record 2 (line 3)`,
    ],
    [
      await file('long.csv', `id,note\n1,a\n2,${long}\n`, 'csv'),
      `${path.join(dir, 'long.csv')} record 2 (line 3)`,
    ],
    [
      await file('long.json', `[{"id":1},{"id":2,"note":"${long}"}]`, 'json'),
      `${path.join(dir, 'long.json')} record 2`,
    ],
  ];
  bodies.set('/page.json', JSON.stringify([{ id: 1 }, { id: 2, note: long }]));
  cases.push([{ kind: 'http', url: `${base}/page.json` }, `GET ${base}/page.json record 2 of the page`]);
  for (const [source, what] of cases) {
    const input = stepInput();
    const { terminal, message } = await fetchFailure(fetchIn({ ...source, maxRecordBytes: 200 }, input));
    assert.equal(terminal, true, what);
    assert.equal(
      message,
      `${where(input)}${what} is larger than source.maxRecordBytes (200 bytes). ${action}`,
    );
  }

  // A JSON record larger than a read chunk is measured across chunks, and one within the limit still passes.
  const wide = 'y'.repeat(200_000);
  const across = await fetchFailure(
    fetchIn({ ...(await file('wide.json', `[{"note":"${wide}"}]`, 'json')), maxRecordBytes: 150_000 }),
  );
  assert.match(across.message, /wide\.json record 1 is larger than source\.maxRecordBytes \(150000 bytes\)/);
  const fits = await fetchIn({
    ...(await file('wide.json', `[{"note":"${wide}"}]`, 'json')),
    maxRecordBytes: 300_000,
  });
  assert.equal(fits.rowsOut, 1);
});

/** One good record, then a NUL, a lone surrogate, a NUL in a key, nesting too deep and very deep, then one more good. */
const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const BAD_LINES = [
  '{"id":1}',
  '{"id":2,"note":"a\\u0000b"}',
  '{"id":3,"note":"\\ud800 alone"}',
  '{"id":4,"bad\\u0000key":true}',
  `{"id":5,"tree":${deep(70)}}`,
  `{"id":6,"tree":${deep(100_000)}}`,
  '{"id":7,"emoji":"\\ud83d\\ude00"}',
];

function expectQuarantine(rows: Awaited<ReturnType<typeof quarantined>>) {
  assert.deepEqual(
    rows.map((r) => [r.row, r.why]),
    [
      [2, 'cannot be stored: contains a NUL character, which PostgreSQL text cannot hold'],
      [3, 'cannot be stored: contains broken Unicode (a lone surrogate)'],
      [4, 'cannot be stored: its key holds a NUL character, which PostgreSQL text cannot hold'],
      [5, 'cannot be stored: nested more than 64 levels deep'],
      [6, 'cannot be stored: nested more than 64 levels deep'],
    ],
  );
  assert.deepEqual(rows[0]?.data, { id: 2, note: 'a\uFFFDb' });
  assert.deepEqual(rows[2]?.data, { id: 4, 'bad\uFFFDkey': true });
}

test('records with NUL, lone surrogates or nesting too deep are quarantined by number; the rest is staged', async () => {
  const input = stepInput();
  const result = await fetchIn(await file('bad.ndjson', `${BAD_LINES.join('\n')}\n`, 'ndjson'), input);
  assert.deepEqual([result.rowsIn, result.rowsOut, result.rowsRejected], [7, 2, 5]);
  assert.deepEqual(await stagedRows(db.pool, result), [{ id: 1 }, { id: 7, emoji: '\u{1F600}' }]);
  expectQuarantine(await quarantined(result, input.runId));

  // The same records from an HTTP API, two pages: quarantined with the page that brought them.
  bodies.set(
    '/bad-1.json',
    JSON.stringify({ items: JSON.parse(`[${BAD_LINES.slice(0, 4).join(',')}]`), next: 'bad-2.json' }),
  );
  bodies.set('/bad-2.json', `{"items":[${BAD_LINES.slice(4).join(',')}]}`);
  const httpInput = stepInput();
  const fromApi = await fetchIn(
    {
      kind: 'http',
      url: `${base}/bad-1.json`,
      recordsPath: 'items',
      pagination: { style: 'next-url', nextUrlPath: 'next' },
    },
    httpInput,
  );
  assert.deepEqual([fromApi.rowsIn, fromApi.rowsOut, fromApi.rowsRejected], [7, 2, 5]);
  assert.deepEqual(await stagedRows(db.pool, fromApi), [{ id: 1 }, { id: 7, emoji: '\u{1F600}' }]);
  expectQuarantine(await quarantined(fromApi, httpInput.runId));

  // A source may allow deeper records.
  const deeper = await fetchIn({
    ...(await file('deep.ndjson', `{"tree":${deep(70)}}\n`, 'ndjson')),
    maxRecordDepth: 80,
  });
  assert.deepEqual([deeper.rowsOut, deeper.rowsRejected], [1, 0]);
});

test('an HTTP fetch that resumes after a crash keeps the quarantined records of the pages before', async () => {
  for (let page = 1; page <= 4; page += 1)
    bodies.set(
      `/q-${page}.json`,
      JSON.stringify({
        items: [{ id: page * 2 - 1 }, { id: page * 2, note: 'a\u0000' }],
        next: page < 4 ? `q-${page + 1}.json` : null,
      }),
    );
  const source: HttpSource = {
    kind: 'http',
    url: `${base}/q-1.json`,
    recordsPath: 'items',
    pagination: { style: 'next-url', nextUrlPath: 'next' },
  };
  const input = stepInput();
  const crashing = new MockActivityEnvironment();
  const heartbeats: unknown[] = [];
  crashing.on('heartbeat', (details: unknown) => {
    heartbeats.push(details);
    if (heartbeats.length === 2) crashing.cancel();
  });
  await assert.rejects(fetchSource(db.pool, source, input, dir, crashing));
  assert.deepEqual(heartbeats.at(-1), {
    cursor: { pages: 2, next: { url: `${base}/q-3.json` } },
    rows: 2,
    records: 4,
    rejected: 2,
  });

  const retry = new MockActivityEnvironment({ heartbeatDetails: heartbeats.at(-1), attempt: 2 });
  const result = await fetchSource(db.pool, source, input, dir, retry);
  assert.deepEqual([result.rowsIn, result.rowsOut, result.rowsRejected], [8, 4, 4]);
  assert.deepEqual(await stagedRows(db.pool, result), [{ id: 1 }, { id: 3 }, { id: 5 }, { id: 7 }]);
  assert.deepEqual(
    (await quarantined(result, input.runId)).map((r) => [r.row, r.data]),
    [2, 4, 6, 8].map((id) => [id, { id, note: 'a\uFFFD' }]),
  );
});

const EXACT =
  '{"big":12345678901234567890,"fine":0.1000000000000000055511151231257827,"small":-9007199254740993,"huge":1e400,"n":1.5,"__proto__":{"polluted":true},"constructor":{"prototype":1}}';

test('numbers keep their exact text, and __proto__ and constructor are data, from every parser into staging', async () => {
  bodies.set('/exact.json', `{"data":[${EXACT}]}`);
  const sources: SourceSpec[] = [
    await file('exact.ndjson', `${EXACT}\n`, 'ndjson'),
    { ...(await file('exact.json', `{"data":[${EXACT}]}`, 'json')), recordsPath: 'data' },
    { kind: 'http', url: `${base}/exact.json`, recordsPath: 'data' },
  ];
  for (const source of sources) {
    const result = await fetchIn(source);
    const { rows } = await db.pool.query(
      `SELECT data->>'big' AS big, data->>'fine' AS fine, data->>'small' AS small, data->>'huge' = (1e400)::numeric::text AS huge,
              jsonb_typeof(data->'big') AS type, data->'__proto__' AS proto, data->'constructor' AS ctor, data->'n' AS n
       FROM sluice_staging.${result.output!.table}`,
    );
    assert.deepEqual(
      rows,
      [
        {
          big: '12345678901234567890',
          fine: '0.1000000000000000055511151231257827',
          small: '-9007199254740993',
          huge: true,
          type: 'number',
          proto: { polluted: true },
          ctor: { prototype: 1 },
          n: 1.5,
        },
      ],
      source.kind === 'file' ? source.format : source.kind,
    );
  }
  assert.equal(({} as { polluted?: boolean }).polluted, undefined, 'no prototype was touched');

  const csv = await fetchIn(
    await file('exact.csv', '__proto__,constructor,big\nx,y,12345678901234567890\n', 'csv'),
  );
  // Written as JSON: in an object literal, `__proto__:` would set the prototype instead of a key.
  const expected = JSON.parse(
    '[{"__proto__":"x","constructor":"y","big":"12345678901234567890"}]',
  ) as unknown;
  assert.deepEqual(await stagedRows(db.pool, csv), expected);
});

test('the new source settings are checked when the pipeline is defined', () => {
  const define = (source: unknown) => () =>
    definePipeline({
      name: 'limits',
      description: 'bad limits',
      owner: 'tests',
      steps: [{ kind: 'fetch', id: 'fetch_orders_limits', source: source as SourceSpec }],
    });
  assert.throws(
    define({
      kind: 'file',
      url: 'https://files.example.com/a.csv',
      format: 'csv',
      maxRecordBytes: 0,
      maxRecordDepth: 2000,
      allowPrivateNetwork: 'yes',
      maxDownloadBytes: -1,
      downloadTimeout: 'soon',
    }),
    (err: unknown) =>
      err instanceof DefinitionError &&
      [
        'source.allowPrivateNetwork must be true or false',
        'source.maxDownloadBytes must be a whole number from 1',
        `source.downloadTimeout "soon" is not a positive duration like '30s'`,
        'source.maxRecordBytes must be a whole number from 1',
        'source.maxRecordDepth must be a whole number from 1 to 1000',
      ].every((problem) => err.message.includes(problem)),
  );
  assert.throws(
    define({ kind: 'postgres', urlEnv: 'ORDERS_DB_URL', query: 'SELECT 1', maxRecordBytes: 5 }),
    /source\.maxRecordBytes does not apply to a postgres source/,
  );
  assert.throws(
    define({ kind: 'http', url: 'https://api.example.com/orders', allowPrivateNetwork: 1 }),
    /source\.allowPrivateNetwork must be true or false/,
  );
});
