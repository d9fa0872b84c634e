// The DAG interpreter on the real dev server under an operator: pause and resume, parked steps retried, skipped or aborted, gates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import {
  approveUpdate,
  pauseSignal,
  resumeSignal,
  stepActionSignal,
  stepActionUpdate,
  type StepAction,
} from '../../core/run/messages';
import { recordHistory } from '../support/record-history';
import { busyFor, tenRows, useScriptedWorker } from '../support/scripted-worker';
import { testCatalog } from './pipelines';
import { causeOf, runPipelineHelpers, status, stepOf, until } from './run-pipeline-fixtures';

const harness = useScriptedWorker(testCatalog);
const { start } = runPipelineHelpers(harness);

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
