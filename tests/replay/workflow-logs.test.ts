// Workflow code logs through the SDK's workflow logger: a line written in a live run is not written again on replay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { stepActionSignal, stepActionUpdate } from '../../core/run/messages';
import type { SluiceLogger } from '../../runtime/logger';
import { installRuntime } from '../../workers/runtime';
import { useScriptedWorker } from '../support/scripted-worker';
import { workflowBundle } from '../support/test-stack';
import { testCatalog } from '../workflows/pipelines';
import { runPipelineHelpers, until } from '../workflows/run-pipeline-fixtures';

interface Line {
  message: string;
  fields: Record<string, unknown>;
}

const lines: Line[] = [];
function recordingLogger(): SluiceLogger {
  const at = () => (fields: Record<string, unknown>, message: string) => void lines.push({ message, fields });
  return {
    trace: at(),
    debug: at(),
    info: at(),
    warn: at(),
    error: at(),
    child: () => recordingLogger(),
  };
}
// Before the stack starts: the process's Temporal runtime, and so every worker's logger, is this one.
installRuntime(recordingLogger());

const harness = useScriptedWorker(testCatalog);
const { start } = runPipelineHelpers(harness);
const SETTLE_MS = 3_000;

/** What `read` returns once it is non-empty, or after SETTLE_MS. */
async function settled<T>(read: () => T[]): Promise<T[]> {
  const deadline = Date.now() + SETTLE_MS;
  while (read().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return read();
}

const workflowLines = () => lines.filter((line) => line.fields.sdkComponent === 'workflow');

test('a workflow log line is written once by the live run and not at all by a replay of its history', async () => {
  harness.worker.scripts.set('parking/a', async () => {
    throw new Error('down for the test');
  });
  const run = await start('parking', 'logs-case');
  await until(run, (s) => s.status === 'waiting', 'the run to park');
  await run.signal(stepActionSignal, { step: 'ghost', action: 'retry' });
  await run.executeUpdate(stepActionUpdate, { args: [{ step: 'a', action: 'abort' }] });
  await assert.rejects(run.result(), WorkflowFailedError);
  // The worker hands a workflow's log calls (sinks) to the logger after the activation completes: wait for them.
  const ignored = await settled(() =>
    workflowLines().filter((line) => line.message === 'ignored step action signal'),
  );
  assert.equal(ignored.length, 1, 'the live run logs the ignored signal once');
  assert.equal(ignored[0]?.fields.workflowId, run.workflowId);

  const history = await run.fetchHistory();
  lines.length = 0;
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'replay-logs');
  await new Promise((r) => setTimeout(r, SETTLE_MS)); // as long as the live line could take to arrive
  assert.ok(
    lines.some((line) => line.fields.sdkComponent === 'worker'),
    'the replay worker logs to the same logger',
  );
  assert.deepEqual(
    workflowLines().map((line) => line.message),
    [],
    'the replay writes no workflow line',
  );
});
