// Who acted on a run: the client's actor travels with each signal and update into the status and sluice.operator_actions.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { defaultActor } from '../../client/default-actor';
import { SluiceClient } from '../../client/sluice-client';
import { pauseSignal } from '../../core/run/messages';
import { UNKNOWN_ACTOR } from '../../core/run/operator-action';
import type { RunState } from '../../core/run/run-state';
import { recordHistory } from '../support/record-history';
import { busyFor, tenRows, useScriptedWorker } from '../support/scripted-worker';
import { testCatalog } from '../workflows/pipelines';

const harness = useScriptedWorker(testCatalog);
/** A client from the environment, as the CLI makes one; closed after the file. */
const opened: SluiceClient[] = [];
async function clientFromEnv(extra: Record<string, string> = {}): Promise<SluiceClient> {
  const env = {
    TEMPORAL_ADDRESS: harness.stack.temporalAddress,
    SLUICE_TASK_QUEUE: harness.worker.taskQueue,
  };
  const client = await SluiceClient.fromEnv({ ...env, ...extra });
  opened.push(client);
  return client;
}
after(() => Promise.all(opened.map((client) => client.close())));

async function until(
  client: SluiceClient,
  workflowId: string,
  ok: (s: RunState) => boolean,
): Promise<RunState> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await client.runs.status(workflowId);
    if (ok(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out; last status ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The run's sluice.operator_actions rows, in order, as [action, step, actor]. */
async function recorded(workflowId: string): Promise<[string, string | null, string][]> {
  const { rows } = await harness.stack.pool.query<{ action: string; step: string | null; actor: string }>(
    'SELECT action, step, actor FROM sluice.operator_actions WHERE workflow_id = $1 ORDER BY seq',
    [workflowId],
  );
  return rows.map((r) => [r.action, r.step, r.actor]);
}

const shown = (state: RunState) => (state.actions ?? []).map((a) => [a.action, a.step ?? null, a.actor]);

test('pause, resume and a gate approval are recorded with SLUICE_ACTOR, in the status and the run records', async () => {
  const alice = await clientFromEnv({ SLUICE_ACTOR: ' alice@ops ' });
  const { workflowId } = await alice.runs.start({ pipeline: 'gated' });
  await until(
    alice,
    workflowId,
    (s) => s.steps.find((step) => step.id === 'approve_a')?.status === 'waiting',
  );
  await alice.runs.pause(workflowId);
  await until(alice, workflowId, (s) => s.paused);
  await alice.runs.resume(workflowId);
  await until(alice, workflowId, (s) => !s.paused);
  const approved = await alice.runs.approve(workflowId, 'approve_a');
  const summary = await alice.runs.result(workflowId);
  assert.equal(summary.status, 'succeeded');
  const expected = [
    ['pause', null, 'alice@ops'],
    ['resume', null, 'alice@ops'],
    ['approve', 'approve_a', 'alice@ops'],
  ];
  assert.deepEqual(shown(approved), expected, 'the update answers with the action in the status');
  assert.deepEqual(shown(await alice.runs.status(workflowId)), expected);
  assert.deepEqual(await recorded(workflowId), expected);
  for (const action of summary.actions ?? []) assert.ok(!Number.isNaN(Date.parse(action.at)), action.at);
  const handle = harness.stack.temporal.client.workflow.getHandle(workflowId);
  await recordHistory(handle, 'operator-actions', harness.stack.temporalAddress);
});

test('without SLUICE_ACTOR the client acts as user@host; a retry, a cancel and bare signals are recorded', async () => {
  let attempt = 0;
  harness.worker.scripts.set('parking/a', async (input) => {
    attempt += 1;
    if (attempt === 1) throw new Error('source unavailable');
    return tenRows(input, 1);
  });
  const plain = await clientFromEnv();
  const parked = await plain.runs.start({ pipeline: 'parking' });
  await until(plain, parked.workflowId, (s) => s.status === 'waiting');
  await plain.runs.stepAction(parked.workflowId, 'a', 'retry');
  assert.equal((await plain.runs.result(parked.workflowId)).status, 'succeeded');
  assert.deepEqual(await recorded(parked.workflowId), [['retry', 'a', defaultActor()]]);

  harness.worker.scripts.set('long/slow', async (input) => {
    await busyFor(30_000);
    return tenRows(input, 1);
  });
  const own = new SluiceClient(harness.stack.temporal.client, { taskQueue: harness.worker.taskQueue });
  const long = await own.runs.start({ pipeline: 'long' });
  await until(own, long.workflowId, (s) => s.steps[0]?.status === 'running');
  await harness.stack.temporal.client.workflow.getHandle(long.workflowId).signal(pauseSignal);
  await until(own, long.workflowId, (s) => s.paused);
  await own.runs.cancel(long.workflowId);
  await assert.rejects(own.runs.result(long.workflowId));
  const identity = harness.stack.temporal.client.options.identity;
  const expected = [
    ['pause', null, UNKNOWN_ACTOR],
    ['cancel', null, identity],
  ];
  assert.deepEqual(await recorded(long.workflowId), expected, "a client of one's own acts as its identity");
  assert.deepEqual(shown(await own.runs.status(long.workflowId)), expected);

  const byHand = await own.runs.start({ pipeline: 'long' });
  await until(own, byHand.workflowId, (s) => s.steps[0]?.status === 'running');
  await harness.stack.temporal.client.workflow.getHandle(byHand.workflowId).cancel();
  await assert.rejects(own.runs.result(byHand.workflowId));
  assert.deepEqual(
    await recorded(byHand.workflowId),
    [['cancel', null, UNKNOWN_ACTOR]],
    'a cancel from the UI',
  );
});
