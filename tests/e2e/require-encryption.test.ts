// SLUICE_REQUIRE_ENCRYPTION on a real stack: a requiring worker process runs encrypted runs and refuses a run started in clear; a requiring client refuses a result stored in clear.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startRun } from '../../client/start-run';
import { connectClient } from '../../client/connect';
import { connectionConfigSchema } from '../../runtime/connection-config';
import { parseEnv } from '../../runtime/parse-env';
import { EXAMPLE_WORKER } from '../support/example-project';
import { rawHistory } from '../support/raw-history';
import { runProcess, startProcess, type RunningProcess } from '../support/run-process';
import { createTestWorker, startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';

const KEYS = `required-key:${randomBytes(32).toString('base64')}`;
const REFUSAL =
  /refusing a payload that is not encrypted \(encoding "json\/plain"\): SLUICE_REQUIRE_ENCRYPTION=true/;

let stack: TestStack;
let worker: RunningProcess;
let env: NodeJS.ProcessEnv;

before(async () => {
  stack = await startTestStack();
  env = { TEMPORAL_ADDRESS: stack.temporalAddress, SLUICE_TASK_QUEUE: uniqueTaskQueue('required') };
  worker = startProcess(EXAMPLE_WORKER, {
    ...env,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_ENCRYPTION_KEYS: KEYS,
    SLUICE_REQUIRE_ENCRYPTION: 'true',
  });
  await worker.waitFor(/worker polling.*"requireEncryption":true|"requireEncryption":true.*worker polling/);
});

after(async () => {
  worker.child.kill('SIGTERM');
  await worker.done;
  await stack.stopAll();
});

const sluice = (extra: NodeJS.ProcessEnv, ...args: string[]) =>
  runProcess(['bin/sluice.js', ...args], { ...env, ...extra });

test('an encrypting, requiring CLI and worker run orders_csv to the end', async () => {
  const run = await sluice(
    { SLUICE_ENCRYPTION_KEYS: KEYS, SLUICE_REQUIRE_ENCRYPTION: 'true' },
    ...['run', 'orders_csv', '--partition', '2026-02-01', '--wait', '--json'],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { status: string }).status, 'succeeded');
});

test('a run started in clear never reaches the requiring worker: its workflow task fails with the reason', async () => {
  const started = await sluice(
    { SLUICE_ENCRYPTION_KEYS: '' },
    'run',
    'orders_csv',
    '--partition',
    '2026-02-02',
  );
  assert.equal(started.code, 0, started.stderr);
  const workflowId = 'sluice/orders_csv/2026-02-02';
  // JSON lines: the message's quotes arrive escaped.
  await worker.waitFor(
    /"type":"UnencryptedPayloadError","message":"refusing a payload that is not encrypted/,
  );
  const { text } = await rawHistory(stack, workflowId);
  assert.match(text, /WORKFLOW_TASK_FAILED|workflowTaskFailedEventAttributes/, 'the task failed');
  assert.doesNotMatch(text, /ACTIVITY_TASK_SCHEDULED|activityTaskScheduledEventAttributes/, 'no step ran');
  await stack.temporal.client.workflow.getHandle(workflowId).terminate('refused as intended');
});

test('a requiring client refuses a result stored in clear, naming the setting; without it, it reads', async () => {
  const { worker: plainWorker, taskQueue } = await createTestWorker(stack, { name: 'plain' });
  const handle = await plainWorker.runUntil(async () => {
    const run = await startRun(stack.temporal.client, {
      pipeline: 'orders_csv',
      trigger: 'manual',
      taskQueue,
    });
    await run.result();
    return run;
  });
  const connection = { TEMPORAL_ADDRESS: stack.temporalAddress, SLUICE_ENCRYPTION_KEYS: KEYS };
  const requiring = await connectClient(
    parseEnv(connectionConfigSchema, { ...connection, SLUICE_REQUIRE_ENCRYPTION: 'true' }),
  );
  await assert.rejects(requiring.workflow.getHandle(handle.workflowId).result(), REFUSAL);
  const tolerant = await connectClient(parseEnv(connectionConfigSchema, connection));
  const summary = (await tolerant.workflow.getHandle(handle.workflowId).result()) as { pipeline: string };
  assert.equal(summary.pipeline, 'orders_csv', 'histories from before encryption stay readable by default');
  await Promise.all([requiring.connection.close(), tolerant.connection.close()]);
});
