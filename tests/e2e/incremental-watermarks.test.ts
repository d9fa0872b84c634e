// Watermarks on the real stack that bad rows cannot poison: only validated rows count, compared in the cursor's type.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { startRun } from '../../client/start-run';
import { definePipeline, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import type { RunSummary } from '../../workflows/run-pipeline';
import { type TestStack, createTestWorker, startTestStack } from '../support/test-stack';

let stack: TestStack;
let dir: string;
before(async () => {
  stack = await startTestStack();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-watermarks-'));
});
after(async () => {
  await stack.stopAll();
  await rm(dir, { recursive: true, force: true });
});

/** Events whose contract rejects negative amounts; updated_at is any text to the contract, a timestamp to the cursor. */
const events = definePipeline({
  name: 'events_watermarked',
  description: 'events merged incrementally by updated_at, validated first',
  owner: 'tests',
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_events',
      source: { kind: 'file', path: 'events.ndjson', format: 'ndjson' },
      incremental: { cursorField: 'updated_at', cursorType: 'timestamp', maxFuture: '1d' },
    },
    {
      kind: 'validate',
      id: 'validate_events',
      input: 'fetch_events',
      contract: { schema: z.object({ id: z.int(), updated_at: z.string(), amount: z.number().min(0) }) },
      maxInvalidRatio: 0.5,
    },
    {
      kind: 'load',
      id: 'load_events',
      input: 'validate_events',
      target: {
        table: 'fct_watermarked_events',
        mode: 'merge',
        key: ['id'],
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'updated_at', type: 'text' },
          { name: 'amount', type: 'numeric' },
        ],
      },
    },
  ],
});

/** Counters with a numeric cursor, its type read from the load's bigint column; no validate step. */
const counters = definePipeline({
  name: 'counters_numeric',
  description: 'counters appended incrementally by seq',
  owner: 'tests',
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_counters',
      source: { kind: 'file', path: 'counters.ndjson', format: 'ndjson' },
      incremental: { cursorField: 'seq' },
    },
    {
      kind: 'load',
      id: 'load_counters',
      input: 'fetch_counters',
      target: { table: 'fct_counters', mode: 'append', columns: [{ name: 'seq', type: 'bigint' }] },
    },
  ],
});

async function run(pipeline: PipelineDefinition): Promise<RunSummary> {
  const { worker, taskQueue } = await createTestWorker(stack, {
    catalog: new Map<string, PipelineDefinition>([
      [events.name, events],
      [counters.name, counters],
    ]),
    baseDir: dir,
    name: 'watermarks',
  });
  return worker.runUntil(async () => {
    const handle = await startRun(stack.temporal.client, {
      pipeline: pipeline.name,
      trigger: 'manual',
      taskQueue,
    });
    return (await handle.result()) as RunSummary;
  });
}

const watermark = async (pipeline: string) =>
  (await stack.pool.query(`SELECT value FROM sluice.state WHERE pipeline = $1`, [pipeline])).rows[0]?.value;
const column = async (sql: string) => (await stack.pool.query(sql)).rows.map((r) => Object.values(r)[0]);
const line = (row: Record<string, unknown>) => `${JSON.stringify(row)}\n`;

test('a poisoned row that fails validation, an unparseable and a future cursor do not move the watermark', async () => {
  const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
  await writeFile(
    path.join(dir, 'events.ndjson'),
    // 1 is 22:00Z, before 2 at 23:00Z, though its text sorts after: instants, not text, decide. 3 is the
    // highest instant within the horizon, but its row breaks the contract.
    line({ id: 1, updated_at: '2024-01-02T00:00:00+02:00', amount: 5 }) +
      line({ id: 2, updated_at: '2024-01-01T23:00:00Z', amount: 5 }) +
      line({ id: 3, updated_at: '2024-06-01T00:00:00Z', amount: -1 }) +
      line({ id: 4, updated_at: 'soon', amount: 1 }) +
      line({ id: 5, updated_at: future, amount: 1 }),
  );
  const summary = await run(events);
  assert.equal(summary.status, 'succeeded');
  assert.deepEqual(await column('SELECT id FROM fct_watermarked_events ORDER BY id'), [1, 2, 4, 5]);
  assert.deepEqual(
    await column(`SELECT row->>'id' FROM sluice.quarantine WHERE pipeline = 'events_watermarked'`),
    ['3'],
  );
  assert.equal(await watermark('events_watermarked'), '2024-01-01T23:00:00Z');

  const checks = await stack.pool.query(
    `SELECT step, check_name, kind, severity, status, observed, message FROM sluice.check_results
      WHERE pipeline = 'events_watermarked'`,
  );
  assert.equal(checks.rows.length, 1);
  const [check] = checks.rows;
  assert.deepEqual(
    { ...check, message: undefined },
    {
      step: 'validate_events',
      check_name: 'watermark(updated_at)',
      kind: 'watermark',
      severity: 'warn',
      status: 'warn',
      observed: {
        unparseable: 1,
        unparseableExample: 'soon',
        beyondHorizon: 1,
        latestBeyond: future,
        horizon: check.observed.horizon,
        proposed: '2024-01-01T23:00:00Z',
      },
      message: undefined,
    },
  );
  assert.match(check.message, /1 value is later than the horizon .* \(now plus incremental\.maxFuture\)/);
  assert.match(check.message, /1 value is not a timestamp, e\.g\. "soon"/);
  const validate = summary.steps.find((s) => s.id === 'validate_events');
  assert.deepEqual(
    validate?.checks?.map((c) => [c.name, c.status]),
    [['watermark(updated_at)', 'warn']],
  );
});

test('the next run starts from the committed watermark, compared as an instant', async () => {
  await appendFile(
    path.join(dir, 'events.ndjson'),
    line({ id: 6, updated_at: '2024-01-01T23:30:00+00:00', amount: 2 }),
  );
  const summary = await run(events);
  assert.equal(summary.status, 'succeeded');
  const fetched = summary.steps.find((s) => s.id === 'fetch_events');
  // 1 (22:00Z) and 2 (23:00Z) are not above the watermark; 3 to 6 are, or have no instant to compare.
  assert.equal(fetched?.rowsOut, 4);
  assert.equal(await watermark('events_watermarked'), '2024-01-01T23:30:00+00:00');
  assert.deepEqual(await column('SELECT id FROM fct_watermarked_events ORDER BY id'), [1, 2, 4, 5, 6]);
});

test('numeric cursors compare as numbers: 10 is above 9', async () => {
  await writeFile(path.join(dir, 'counters.ndjson'), line({ seq: 9 }) + line({ seq: 10 }));
  assert.equal((await run(counters)).status, 'succeeded');
  assert.equal(await watermark('counters_numeric'), '10');
  await appendFile(path.join(dir, 'counters.ndjson'), line({ seq: 2 }) + line({ seq: 11 }));
  assert.equal((await run(counters)).status, 'succeeded');
  assert.equal(await watermark('counters_numeric'), '11');
  assert.deepEqual(await column('SELECT seq FROM fct_counters ORDER BY seq'), ['9', '10', '11']);
});
