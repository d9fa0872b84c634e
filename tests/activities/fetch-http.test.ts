// The fetch activity over HTTP on real PostgreSQL: pages committed one by one, a crash mid-fetch resumed exactly.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createFetch } from '../../activities/fetch/fetch-activity';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import type { StepInput } from '../../core/run/run-types';
import { runActivity } from '../support/run-activity';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const PAGES = 6;
const PER_PAGE = 5;
const requested: number[] = [];
/** A page answered this much later than the others, when set. */
let slow: { page: number; ms: number } | undefined;
let server: http.Server;
let db: TestDatabase;
let baseUrl: string;

before(async () => {
  db = await startTestDatabase();
  server = http.createServer((req, res) => {
    const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page'));
    requested.push(page);
    const items =
      page <= PAGES
        ? Array.from({ length: PER_PAGE }, (_, i) => ({ id: (page - 1) * PER_PAGE + i + 1 }))
        : [];
    setTimeout(
      () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ items }));
      },
      page === slow?.page ? slow.ms : 20,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
});
after(async () => {
  server.close();
  await db.stop();
});

function fetchActivity() {
  const pipeline = definePipeline({
    name: 'http_orders',
    description: 'orders over HTTP',
    owner: 'tests',
    steps: [
      {
        kind: 'fetch',
        id: 'fetch_orders_api',
        source: { kind: 'http', url: baseUrl, recordsPath: 'items', pagination: { style: 'page' } },
      },
    ],
  });
  return createFetch({ pool: db.pool, catalog: new Map([[pipeline.name, pipeline]]), baseDir: '.' });
}

const input = (runId: string): StepInput => ({
  pipeline: 'http_orders',
  step: 'fetch_orders_api',
  workflowId: 'sluice/http_orders/manual-1',
  runId,
  params: {},
  definitionHash: 'h',
  inputs: {},
});

async function stagedIds(table: string): Promise<{ row: number; id: number }[]> {
  const { rows } = await db.pool.query(
    `SELECT _sluice_row::int AS row, (data->>'id')::int AS id FROM sluice_staging.${table} ORDER BY 1`,
  );
  return rows;
}

test('every page lands once, in order', async () => {
  requested.length = 0;
  const result = await runActivity(fetchActivity(), [input('run-all')]);
  assert.equal(result.rowsOut, PAGES * PER_PAGE);
  assert.deepEqual(requested, [1, 2, 3, 4, 5, 6, 7]);
  const ids = await stagedIds(result.output!.table);
  assert.deepEqual(
    ids,
    Array.from({ length: PAGES * PER_PAGE }, (_, i) => ({ row: i + 1, id: i + 1 })),
  );
});

test('a fetch killed mid-way resumes after its last committed page: no page twice, none skipped', async () => {
  requested.length = 0;
  const crashing = new MockActivityEnvironment();
  const heartbeats: unknown[] = [];
  crashing.on('heartbeat', (details: unknown) => {
    heartbeats.push(details);
    if (heartbeats.length === 3) crashing.cancel();
  });
  await assert.rejects(runActivity(fetchActivity(), [input('run-crash')], crashing));
  const last = heartbeats.at(-1) as { rows: number };
  assert.equal(last.rows, 3 * PER_PAGE);

  const retry = new MockActivityEnvironment({ heartbeatDetails: last, attempt: 2 });
  const result = await runActivity(fetchActivity(), [input('run-crash')], retry);
  assert.equal(result.rowsOut, PAGES * PER_PAGE);
  const ids = await stagedIds(result.output!.table);
  assert.deepEqual(
    ids,
    Array.from({ length: PAGES * PER_PAGE }, (_, i) => ({ row: i + 1, id: i + 1 })),
  );
  const pagesAfterResume = requested.slice(requested.lastIndexOf(1) + 1).filter((p) => p > 3);
  assert.equal(requested.filter((p) => p <= 3).length, 3, 'committed pages are not fetched again');
  assert.ok(pagesAfterResume.includes(4) && pagesAfterResume.includes(7));
});

test('a heartbeat that lags behind the committed pages drops the extra rows and re-reads them once', async () => {
  const first = await runActivity(fetchActivity(), [input('run-lag')]);
  const retry = new MockActivityEnvironment({
    heartbeatDetails: { rows: 2 * PER_PAGE, cursor: { pages: 2, next: { page: 3 } } },
    attempt: 2,
  });
  const result = await runActivity(fetchActivity(), [input('run-lag')], retry);
  assert.equal(result.output!.table, first.output!.table);
  const ids = await stagedIds(result.output!.table);
  assert.deepEqual(
    ids,
    Array.from({ length: PAGES * PER_PAGE }, (_, i) => ({ row: i + 1, id: i + 1 })),
  );
});

test('a page slower than the heartbeat timeout is heartbeated through: the attempt never looks dead', async () => {
  const heartbeatTimeoutMs = 300;
  slow = { page: 2, ms: 4 * heartbeatTimeoutMs };
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs });
  const beats = [Date.now()];
  env.on('heartbeat', () => beats.push(Date.now()));
  try {
    const result = await runActivity(fetchActivity(), [input('run-slow')], env);
    assert.equal(result.rowsOut, PAGES * PER_PAGE);
  } finally {
    slow = undefined;
  }
  const silences = beats.slice(1).map((at, i) => at - (beats[i] as number));
  assert.ok(
    Math.max(...silences) < heartbeatTimeoutMs,
    `no silence as long as the heartbeat timeout (longest: ${Math.max(...silences)} ms); Temporal would start a second attempt appending to the same staging table`,
  );
});
