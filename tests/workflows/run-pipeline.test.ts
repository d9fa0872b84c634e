// The DAG interpreter on the real dev server: parallelism, retries, failures, pause, operators, gates, cancel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startRun } from '../../client/start-run';
import {
  approveUpdate,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stepActionSignal,
  stepActionUpdate,
  type StepAction,
} from '../../core/messages';
import type { RunState } from '../../core/run-state';
import type { runPipeline } from '../../workflows';
import { recordHistory } from '../support/record-history';
import { busyFor, tenRows, useScriptedWorker } from '../support/scripted-worker';
import { testCatalog } from './pipelines';

const harness = useScriptedWorker(testCatalog);

type Run = WorkflowHandle<typeof runPipeline>;
const start = (pipeline: string, partition?: string) =>
  startRun(harness.stack.temporal.client, {
    pipeline,
    trigger: 'manual',
    taskQueue: harness.worker.taskQueue,
    ...(partition ? { partition } : {}),
  });
const status = (run: Run) => run.query(statusQuery);
const stepOf = (state: RunState, id: string) => state.steps.find((s) => s.id === id);

async function until(run: Run, predicate: (state: RunState) => boolean, what: string): Promise<RunState> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await status(run);
    if (predicate(state)) return state;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last status ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The message a rejected update or failed run carries in its cause (what the CLI shows). */
async function causeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e as Error,
  );
  return String((err.cause as Error | undefined)?.message ?? err.message);
}

/** Records when each step of a pipeline ran, each taking `ms`. */
function recordIntervals(pipeline: string, steps: string[], ms: number) {
  const intervals = new Map<string, [number, number]>();
  for (const id of steps) {
    harness.worker.scripts.set(`${pipeline}/${id}`, async () => {
      const began = Date.now();
      await busyFor(ms);
      intervals.set(id, [began, Date.now()]);
      return tenRows({} as never, 1);
    });
  }
  return intervals;
}
const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];

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

test('pause stops new steps from starting; resume carries on', async () => {
  harness.worker.scripts.set('two_steps/first', async () => {
    await busyFor(300);
    return tenRows({} as never, 1);
  });
  const run = await start('two_steps');
  await until(run, (s) => stepOf(s, 'first')?.status === 'running', 'first to start');
  await run.signal(pauseSignal);
  const paused = await until(run, (s) => stepOf(s, 'first')?.status === 'succeeded', 'first to finish');
  assert.equal(paused.status, 'paused');
  await new Promise((r) => setTimeout(r, 500));
  const still = await status(run);
  assert.equal(stepOf(still, 'second')?.status, 'pending', 'nothing starts while paused');
  await run.signal(resumeSignal);
  const summary = await run.result();
  assert.equal(summary.status, 'succeeded');
  await recordHistory(run, 'paused-resumed', harness.stack.temporalAddress);
});

test('onFailure wait parks the run; an operator retry runs the step again', async () => {
  let attempt = 0;
  harness.worker.scripts.set('parking/a', async () => {
    attempt += 1;
    if (attempt === 1) throw new Error('source unavailable');
    return tenRows({} as never, 1);
  });
  const run = await start('parking', 'retry-case');
  const parked = await until(run, (s) => s.status === 'waiting', 'the run to park');
  assert.equal(stepOf(parked, 'a')?.status, 'parked');
  assert.equal(stepOf(parked, 'a')?.lastError, 'source unavailable');
  const afterRetry = await run.executeUpdate(stepActionUpdate, { args: [{ step: 'a', action: 'retry' }] });
  assert.equal(stepOf(afterRetry, 'a')?.status, 'pending');
  const summary = await run.result();
  assert.deepEqual(
    summary.steps.map((s) => [s.id, s.status]),
    [
      ['a', 'succeeded'],
      ['b', 'succeeded'],
      ['c', 'succeeded'],
    ],
  );
  assert.equal(stepOf(summary, 'a')?.attempts, 2);
  await recordHistory(run, 'parked-retried', harness.stack.temporalAddress);
});

test('an operator skip lets order-only dependents run and skips those that read the data', async () => {
  harness.worker.scripts.set('parking/a', async () => {
    throw new Error('still down');
  });
  const run = await start('parking', 'skip-case');
  await until(run, (s) => s.status === 'waiting', 'the run to park');
  await run.signal(stepActionSignal, { step: 'a', action: 'skip' });
  const summary = await run.result();
  assert.deepEqual(
    summary.steps.map((s) => [s.id, s.status]),
    [
      ['a', 'skipped'],
      ['b', 'succeeded'],
      ['c', 'skipped'],
    ],
  );
});

test('an operator abort fails the run; bad requests are refused with a reason, bad signals ignored', async () => {
  harness.worker.scripts.set('parking/a', async () => {
    throw new Error('down for good');
  });
  const run = await start('parking', 'abort-case');
  await until(run, (s) => s.status === 'waiting', 'the run to park');
  const act = (action: StepAction) => run.executeUpdate(stepActionUpdate, { args: [action] });
  assert.match(await causeOf(act({ step: 'nope', action: 'retry' })), /unknown step "nope"; steps: a, b, c/);
  assert.match(
    await causeOf(act({ step: 'b', action: 'skip' })),
    /step "b" is pending; only a failed step parked/,
  );
  assert.match(
    await causeOf(run.executeUpdate(approveUpdate, { args: [{ step: 'a' }] })),
    /step "a" is a fetch step, not a gate/,
  );
  await run.signal(stepActionSignal, { step: 'ghost', action: 'retry' });
  assert.equal((await status(run)).status, 'waiting', 'an invalid signal changes nothing');
  await run.executeUpdate(stepActionUpdate, { args: [{ step: 'a', action: 'abort' }] });
  await assert.rejects(run.result(), WorkflowFailedError);
  const final = await status(run);
  assert.equal(stepOf(final, 'a')?.lastError, 'aborted by an operator');
});

test('a gate waits for approval, then the steps after it run', async () => {
  const run = await start('gated');
  const waiting = await until(run, (s) => stepOf(s, 'approve_a')?.status === 'waiting', 'the gate');
  assert.equal(waiting.status, 'waiting');
  assert.equal(stepOf(waiting, 'b')?.status, 'pending');
  await run.executeUpdate(approveUpdate, { args: [{ step: 'approve_a' }] });
  const summary = await run.result();
  assert.equal(stepOf(summary, 'b')?.status, 'succeeded');
  await recordHistory(run, 'gate-approved', harness.stack.temporalAddress);
});

test('a gate that times out rejects by default, or approves when told to', async () => {
  const rejected = await start('gate_timeout_reject');
  assert.match(await causeOf(rejected.result()), /g: not approved within 300 ms/);
  assert.equal(stepOf(await status(rejected), 'after')?.status, 'skipped');
  const approved = await (await start('gate_timeout_approve')).result();
  assert.equal(stepOf(approved, 'g')?.lastError, 'approved by timeout');
  assert.equal(stepOf(approved, 'after')?.status, 'succeeded');
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
