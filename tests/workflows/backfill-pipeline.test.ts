// Backfills on the real dev server: bounded fan-out, skip and force, failures, pause, cancel, continue-as-new.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startBackfill } from '../../client/backfill';
import { BackfillAlreadyRunningError, BackfillInputError } from '../../client/backfill-errors';
import { startRun } from '../../client/start-run';
import { backfillStatusQuery } from '../../core/backfill/backfill-messages';
import type { BackfillStatus } from '../../core/backfill/backfill-types';
import { pauseSignal, resumeSignal } from '../../core/run/messages';
import { listPartitionKeys } from '../../core/partitions/partitions';
import type { backfillPipeline } from '../../workflows';
import { recordHistory } from '../support/record-history';
import { busyFor, tenRows, useScriptedWorker } from '../support/scripted-worker';
import { testCatalog } from './pipelines';

const harness = useScriptedWorker(testCatalog);

type Backfill = WorkflowHandle<typeof backfillPipeline>;
const PIPELINE = 'daily_one';
const days = (from: string, to: string) => listPartitionKeys({ kind: 'daily', start: from }, from, to);
const backfill = (
  from: string,
  to: string,
  extra: { maxParallel?: number; force?: boolean; partitionsPerRun?: number } = {},
) =>
  startBackfill(harness.stack.temporal.client, {
    pipeline: PIPELINE,
    from,
    to,
    taskQueue: harness.worker.taskQueue,
    ...extra,
  });

interface Call {
  workflowId: string;
  partition: string;
  began: number;
  ended: number;
}

/** Every partition's step takes `ms`; `fail` decides which partitions throw a non-retryable error. */
function script(ms: number, fail: (partition: string) => boolean = () => false): Call[] {
  const calls: Call[] = [];
  harness.worker.scripts.set(`${PIPELINE}/work`, async (input) => {
    const began = Date.now();
    await busyFor(ms);
    calls.push({ workflowId: input.workflowId, partition: input.partition ?? '', began, ended: Date.now() });
    if (fail(input.partition ?? '')) {
      throw ApplicationFailure.create({ type: 'SluiceBadInput', nonRetryable: true, message: 'bad row 7' });
    }
    return tenRows(input, 1);
  });
  return calls;
}

/** The most steps that ran at the same moment. */
function peakConcurrency(calls: Call[]): number {
  const edges = calls.flatMap((c) => [
    [c.began, 1],
    [c.ended, -1],
  ]);
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let peak = 0;
  for (const [, delta] of edges) peak = Math.max(peak, (now += delta!));
  return peak;
}

async function until(run: Backfill, predicate: (s: BackfillStatus) => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await run.query(backfillStatusQuery).catch(() => undefined);
    if (status && predicate(status)) return status;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a backfill of 31 days runs each partition exactly once, never more than 4 at a time', async () => {
  const calls = script(150);
  const run = await backfill('2026-01-01', '2026-01-31', { maxParallel: 4 });
  assert.equal(run.workflowId, 'sluice-backfill/daily_one/2026-01-01..2026-01-31');
  const result = await run.result();
  assert.deepEqual(
    { total: result.total, done: result.done, failed: result.failed, skipped: result.skipped },
    { total: 31, done: 31, failed: 0, skipped: 0 },
  );
  assert.deepEqual(
    calls.map((c) => c.workflowId).sort(),
    days('2026-01-01', '2026-01-31').map((d) => `sluice/daily_one/${d}`),
    'one child run per partition, under its business id, each exactly once',
  );
  assert.ok(
    calls.every((c) => c.workflowId.endsWith(c.partition)),
    'each child got its partition',
  );
  const peak = peakConcurrency(calls);
  assert.ok(peak <= 4, `at most 4 partitions at once, saw ${peak}`);
  assert.ok(peak >= 2, `partitions ran in parallel, saw ${peak}`);
  const child = await harness.stack.temporal.client.workflow
    .getHandle('sluice/daily_one/2026-01-15')
    .describe();
  assert.equal(child.searchAttributes.SluiceTrigger?.[0], 'backfill');
  assert.equal(child.searchAttributes.SluicePartition?.[0], '2026-01-15');
  const final = await run.query(backfillStatusQuery);
  assert.equal(final.partitions.filter((p) => p.status === 'succeeded').length, 31);
  const details = await run.query<{ currentDetails: string }>('__temporal_workflow_metadata');
  assert.match(details.currentDetails, /\*\*daily_one\*\* backfill 2026-01-01\.\.2026-01-31/);
  assert.match(details.currentDetails, /31 of 31 done/);
  await recordHistory(run, 'backfill-31-days', harness.stack.temporalAddress);
});

test('a repeated backfill skips partitions that succeeded; force runs them again', async () => {
  const calls = script(20);
  const again = await (await backfill('2026-01-01', '2026-01-31')).result();
  assert.deepEqual([again.skipped, again.done, calls.length], [31, 0, 0]);
  const forced = await (await backfill('2026-01-01', '2026-01-31', { force: true, maxParallel: 8 })).result();
  assert.deepEqual([forced.skipped, forced.done, calls.length], [0, 31, 31]);
});

test('a failed partition is reported while the others succeed; a rerun retries only it', async () => {
  script(50, (partition) => partition === '2026-02-05');
  const result = await (await backfill('2026-02-01', '2026-02-10')).result();
  assert.deepEqual([result.done, result.failed], [9, 1]);
  assert.equal(result.failedPartitions[0]?.key, '2026-02-05');
  assert.match(result.failedPartitions[0]?.note ?? '', /pipeline daily_one failed .*bad row 7/);
  const calls = script(50);
  const rerun = await (await backfill('2026-02-01', '2026-02-10')).result();
  assert.deepEqual([rerun.done, rerun.skipped, rerun.failed], [1, 9, 0]);
  assert.deepEqual(
    calls.map((c) => c.partition),
    ['2026-02-05'],
  );
});

test('a partition already running elsewhere is counted, not started twice', async () => {
  const calls = script(100);
  harness.worker.scripts.set(`${PIPELINE}/work`, async (input) => {
    await busyFor(input.partition === '2026-03-01' ? 2000 : 100);
    calls.push({ workflowId: input.workflowId, partition: input.partition ?? '', began: 0, ended: 0 });
    return tenRows(input, 1);
  });
  const manual = await startRun(harness.stack.temporal.client, {
    pipeline: PIPELINE,
    partition: '2026-03-01',
    trigger: 'manual',
    taskQueue: harness.worker.taskQueue,
  });
  const result = await (await backfill('2026-03-01', '2026-03-03')).result();
  assert.deepEqual([result.done, result.alreadyRunning], [2, 1]);
  assert.deepEqual(result.alreadyRunningPartitions, ['2026-03-01']);
  await manual.result();
  assert.equal(calls.filter((c) => c.partition === '2026-03-01').length, 1);
});

test('pause stops new partitions starting; resume carries on; a second start of the range is refused', async () => {
  const calls = script(300);
  const run = await backfill('2026-04-01', '2026-04-06', { maxParallel: 2 });
  await until(run, (s) => s.running > 0, 'partitions to start');
  await run.signal(pauseSignal);
  const paused = await until(run, (s) => s.running === 0, 'running partitions to finish');
  assert.equal(paused.paused, true);
  assert.ok(paused.pending > 0, 'work is left');
  const startedBefore = calls.length;
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(calls.length, startedBefore, 'nothing starts while paused');
  assert.equal((await run.query(backfillStatusQuery)).running, 0);
  await assert.rejects(backfill('2026-04-01', '2026-04-06'), (err: unknown) => {
    assert.ok(err instanceof BackfillAlreadyRunningError);
    assert.match(
      err.message,
      /backfill sluice-backfill\/daily_one\/2026-04-01\.\.2026-04-06 is already running/,
    );
    return true;
  });
  await run.signal(resumeSignal);
  const result = await run.result();
  assert.deepEqual([result.done, calls.length], [6, 6]);
});

test('cancelling a backfill cancels its running children', async () => {
  script(30_000);
  const run = await backfill('2026-05-01', '2026-05-08', { maxParallel: 3 });
  const busy = await until(run, (s) => s.running === 3, 'three partitions to run');
  const running = busy.partitions.filter((p) => p.status === 'running').map((p) => p.key);
  await run.cancel();
  await assert.rejects(run.result(), WorkflowFailedError);
  assert.equal((await run.describe()).status.name, 'CANCELLED');
  for (const key of running) {
    const child = harness.stack.temporal.client.workflow.getHandle(`sluice/daily_one/${key}`);
    assert.equal((await child.describe()).status.name, 'CANCELLED', `child ${key} was cancelled`);
  }
  const final = await run.query(backfillStatusQuery);
  assert.deepEqual([final.cancelled, final.pending, final.done], [3, 5, 0]);
});

test('a long range continues as new, keeping its counts and starting each partition once', async () => {
  const calls = script(30);
  const run = await backfill('2026-06-01', '2026-06-10', { maxParallel: 2, partitionsPerRun: 3 });
  const result = await run.result();
  assert.deepEqual([result.total, result.done], [10, 10]);
  assert.deepEqual(calls.map((c) => c.partition).sort(), days('2026-06-01', '2026-06-10'));
  const latest = await run.describe();
  assert.notEqual(latest.runId, run.firstExecutionRunId, 'the backfill continued as new');
  assert.equal((await run.query(backfillStatusQuery)).continuations, 3);
  await recordHistory(
    run,
    'backfill-continued-as-new',
    harness.stack.temporalAddress,
    run.firstExecutionRunId,
  );
});

test('bad input is refused: before start by the client, by the workflow against the pipeline', async () => {
  await assert.rejects(backfill('2026-01-01', '2026-01-02', { maxParallel: 0 }), BackfillInputError);
  const backwards = await backfill('2026-01-10', '2026-01-01');
  await assert.rejects(backwards.result(), (err: unknown) => {
    assert.ok(err instanceof WorkflowFailedError);
    assert.match(
      String(err.cause?.message),
      /backfill of daily_one: the range 2026-01-10\.\.2026-01-01 runs backwards/,
    );
    return true;
  });
  const unpartitioned = await startBackfill(harness.stack.temporal.client, {
    pipeline: 'two_steps',
    from: '2026-01-01',
    to: '2026-01-02',
    taskQueue: harness.worker.taskQueue,
  });
  await assert.rejects(unpartitioned.result(), (err: unknown) => {
    assert.match(String((err as Error).cause), /pipeline two_steps declares no partitions/);
    return true;
  });
});
