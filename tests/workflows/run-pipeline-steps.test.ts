// The DAG interpreter on the real dev server: parallelism, retries, failures, cancel, partition runs, search attributes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { recordHistory } from '../support/record-history';
import { busyFor, tenRows, useScriptedWorker } from '../support/scripted-worker';
import { testCatalog } from './pipelines';
import { overlaps, runPipelineHelpers, status, stepOf, until } from './run-pipeline-fixtures';

const harness = useScriptedWorker(testCatalog);
const { start, recordIntervals } = runPipelineHelpers(harness);

test('independent branches run in parallel; their join waits for both', async () => {
  const intervals = recordIntervals('diamond', ['a', 'b', 'c', 'd'], 400);
  const run = await start('diamond');
  const summary = await run.result();
  assert.equal(summary.status, 'succeeded');
  await recordHistory(run, 'diamond-succeeded', harness.stack.temporalAddress);
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => intervals.get(id) as [number, number]) as [
    number,
    number,
  ][];
  assert.ok(overlaps(b!, c!), 'b and c overlap in time');
  assert.ok(a![1] <= Math.min(b![0], c![0]), 'b and c start after a ends');
  assert.ok(d![0] >= Math.max(b![1], c![1]), 'd starts after b and c end');
  assert.deepEqual(
    summary.steps.map((s) => [s.id, s.status, s.attempts, s.rowsOut]),
    ['a', 'b', 'c', 'd'].map((id) => [id, 'succeeded', 1, 10]),
  );
});

test('maxParallel 1 runs the same branches one at a time', async () => {
  const intervals = recordIntervals('diamond_serial', ['a', 'b', 'c', 'd'], 200);
  await (await start('diamond_serial')).result();
  assert.ok(!overlaps(intervals.get('b')!, intervals.get('c')!));
});

test('retries follow the step policy, then succeed; attempts are reported', async () => {
  harness.worker.scripts.set('flaky/flaky_step', async (_input, attempt) => {
    if (attempt < 3) throw new Error(`transient failure ${attempt}`);
    return tenRows(_input, attempt);
  });
  const summary = await (await start('flaky')).result();
  assert.equal(stepOf(summary, 'flaky_step')?.status, 'succeeded');
  assert.equal(stepOf(summary, 'flaky_step')?.attempts, 3);
});

test('a non-retryable error fails at once, skips downstream, lets independent steps finish', async () => {
  let calls = 0;
  harness.worker.scripts.set('failing/a', async () => {
    calls += 1;
    throw ApplicationFailure.create({
      type: 'SluiceBadInput',
      nonRetryable: true,
      message: 'row 7: amount is not a number',
    });
  });
  const run = await start('failing');
  const err = await run.result().then(
    () => assert.fail('the run should fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowFailedError);
  assert.match(String(err.cause?.message), /pipeline failing failed .*a: row 7: amount is not a number/);
  assert.equal(calls, 1, 'no retry of a non-retryable error');
  const final = await status(run);
  assert.equal(final.status, 'failed');
  assert.deepEqual(
    final.steps.map((s) => [s.id, s.status]),
    [
      ['a', 'failed'],
      ['b', 'skipped'],
      ['c', 'succeeded'],
    ],
  );
  assert.match(stepOf(final, 'b')?.lastError ?? '', /upstream step a/);
  assert.equal(
    harness.worker.cleanups.filter((c) => c.workflowId === run.workflowId).length,
    1,
    'cleanup ran',
  );
  await recordHistory(run, 'failing-nonretryable', harness.stack.temporalAddress);
});

test('cancelling a run cancels its heartbeating activity and still cleans up', async () => {
  let sawCancel = false;
  harness.worker.scripts.set('long/slow', async () => {
    try {
      await busyFor(30_000);
    } catch (err) {
      sawCancel = true;
      throw err;
    }
    return tenRows({} as never, 1);
  });
  const run = await start('long');
  await until(run, (s) => stepOf(s, 'slow')?.status === 'running', 'the slow step');
  await run.cancel();
  await assert.rejects(run.result(), WorkflowFailedError);
  assert.equal((await run.describe()).status.name, 'CANCELLED');
  assert.ok(sawCancel, 'the activity noticed the cancellation');
  assert.equal(
    harness.worker.cleanups.filter((c) => c.workflowId === run.workflowId).length,
    1,
    'cleanup ran',
  );
  assert.equal((await status(run)).status, 'cancelled');
  await recordHistory(run, 'cancelled', harness.stack.temporalAddress);
});

test('a partition run refuses a second start while it runs, and may run again once finished', async () => {
  harness.worker.scripts.set('two_steps/first', async () => {
    await busyFor(500);
    return tenRows({} as never, 1);
  });
  const first = await start('two_steps', '2026-11-01');
  assert.equal(first.workflowId, 'sluice/two_steps/2026-11-01');
  await assert.rejects(start('two_steps', '2026-11-01'), /sluice\/two_steps\/2026-11-01 is already running/);
  await first.result();
  const again = await start('two_steps', '2026-11-01');
  assert.equal((await again.result()).status, 'succeeded');
});

test('a run without a partition of a pipeline that replaces partitions fails before any step starts', async () => {
  const calls: string[] = [];
  harness.worker.scripts.set('replacing_daily/fetch_day', async (input) => {
    calls.push(input.partition ?? 'none');
    return tenRows(input, 1);
  });
  const bare = await start('replacing_daily');
  const err = await bare.result().then(
    () => assert.fail('expected the run to fail'),
    (e: unknown) => e as WorkflowFailedError,
  );
  assert.ok(err instanceof WorkflowFailedError);
  assert.match(
    String((err.cause as Error).message),
    /step load_day replaces one partition, and this run has none/,
  );
  assert.deepEqual(calls, []);
  const day = await start('replacing_daily', '2026-11-02');
  assert.equal((await day.result()).status, 'succeeded');
  assert.deepEqual(calls, ['2026-11-02']);
});

test('a run started through the client with a key that is not one of the partitions fails before any step starts', async () => {
  const calls: string[] = [];
  harness.worker.scripts.set('daily_one/work', async (input) => {
    calls.push(input.partition ?? 'none');
    return tenRows(input, 1);
  });
  for (const [key, reason] of [
    ['2026-13-01', /partition "2026-13-01" is not a real date/],
    ['yesterday', /partition "yesterday" is not/],
    ['2020-01-01', /partition "2020-01-01" is before the first partition, 2026-01-01/],
  ] as const) {
    const run = await start('daily_one', key);
    const err = await run.result().then(
      () => assert.fail(`expected the run of ${key} to fail`),
      (e: unknown) => e as WorkflowFailedError,
    );
    assert.ok(err instanceof WorkflowFailedError);
    const cause = err.cause as ApplicationFailure;
    assert.ok(cause instanceof ApplicationFailure, String(cause));
    assert.equal(cause.type, 'SluiceBadInput');
    assert.equal(cause.nonRetryable, true);
    assert.match(cause.message, new RegExp(`^pipeline daily_one, run ${run.workflowId}: `));
    assert.match(cause.message, reason);
    assert.match(cause.message, /start the run again with one of the pipeline's partitions$/);
  }
  assert.deepEqual(calls, []);
  const day = await start('daily_one', '2026-11-03');
  assert.equal((await day.result()).status, 'succeeded');
  assert.deepEqual(calls, ['2026-11-03']);
  await recordHistory(day, 'partition-checked', harness.stack.temporalAddress);
});

test('search attributes find every failed run of one pipeline with one query', async () => {
  harness.worker.scripts.set('failing/a', async () => {
    throw ApplicationFailure.create({ type: 'SluiceBadInput', nonRetryable: true, message: 'bad' });
  });
  const run = await start('failing');
  await assert.rejects(run.result());
  const query = `SluicePipeline = 'failing' AND SluiceStatus = 'failed'`;
  const deadline = Date.now() + 10_000;
  let ids: string[] = [];
  while (Date.now() < deadline && !ids.includes(run.workflowId)) {
    ids = [];
    for await (const execution of harness.stack.temporal.client.workflow.list({ query }))
      ids.push(execution.workflowId);
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(ids.includes(run.workflowId), `visibility query found ${JSON.stringify(ids)}`);
  const description = await run.describe();
  assert.equal(description.memo?.owner, 'tests');
  assert.equal(await description.staticSummary(), 'failing (manual)');
});
