// Incremental loads on the real stack: only newer records load, and the watermark moves only with a commit.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startRun } from '../../client/start-run';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { type TestStack, createTestWorker, startTestStack } from '../support/test-stack';

let stack: TestStack;
let dir: string;
before(async () => {
  stack = await startTestStack();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-incr-'));
});
after(async () => {
  await stack.stopAll();
  await rm(dir, { recursive: true, force: true });
});

const events = definePipeline({
  name: 'events_incremental',
  description: 'events appended incrementally by updated_at',
  owner: 'tests',
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_events_file',
      source: { kind: 'file', path: 'events.ndjson', format: 'ndjson' },
      incremental: { cursorField: 'updated_at' },
    },
    {
      kind: 'load',
      id: 'load_events',
      input: 'fetch_events_file',
      target: {
        table: 'fct_events',
        mode: 'append',
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'updated_at', type: 'timestamptz' },
        ],
      },
    },
  ],
});

const line = (id: number | string, at: string) => `${JSON.stringify({ id, updated_at: at })}\n`;

async function run() {
  const { worker, taskQueue } = await createTestWorker(stack, {
    catalog: new Map([[events.name, events]]),
    baseDir: dir,
    name: 'incr',
  });
  return worker.runUntil(async () => {
    const handle = await startRun(stack.temporal.client, {
      pipeline: events.name,
      trigger: 'manual',
      taskQueue,
    });
    return handle.result().then(
      (summary) => ({ ok: true, summary }),
      (err: Error) => ({
        ok: false,
        error: String((err.cause as Error | undefined)?.message ?? err.message),
      }),
    );
  });
}

const watermark = async () =>
  (await stack.pool.query(`SELECT value FROM sluice.state WHERE pipeline = 'events_incremental'`)).rows[0]
    ?.value;
const loadedIds = async () =>
  (await stack.pool.query('SELECT id FROM fct_events ORDER BY id')).rows.map((r: { id: number }) => r.id);

test('the first run loads everything and commits the highest cursor with the load', async () => {
  await writeFile(dir + '/events.ndjson', line(1, '2026-11-01T00:00:00Z') + line(2, '2026-11-02T00:00:00Z'));
  const first = await run();
  assert.ok(first.ok, JSON.stringify(first));
  assert.deepEqual(await loadedIds(), [1, 2]);
  assert.equal(await watermark(), '2026-11-02T00:00:00Z');
});

test('the next run fetches only records above the watermark', async () => {
  await appendFile(dir + '/events.ndjson', line(3, '2026-11-03T00:00:00Z'));
  const second = await run();
  assert.ok(second.ok);
  assert.deepEqual(await loadedIds(), [1, 2, 3]);
  assert.equal(await watermark(), '2026-11-03T00:00:00Z');
  const third = await run();
  assert.ok(third.ok);
  assert.deepEqual(await loadedIds(), [1, 2, 3], 'nothing new, nothing loaded');
});

test('a load that fails leaves the watermark where it was, so the records come again next time', async () => {
  await appendFile(dir + '/events.ndjson', line('not-a-number', '2026-11-04T00:00:00Z'));
  const failed = await run();
  assert.equal(failed.ok, false);
  assert.equal(await watermark(), '2026-11-03T00:00:00Z');
  assert.deepEqual(await loadedIds(), [1, 2, 3]);
});
