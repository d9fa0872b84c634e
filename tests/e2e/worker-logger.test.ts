// A worker given its own logger: the worker's, the SDK's and the activities' lines all reach it, and none go to pino.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NativeConnection } from '@temporalio/worker';
import { startRun } from '../../client/start-run';
import { createLogger } from '../../runtime/logger';
import { createSluiceWorker } from '../../workers/worker';
import type { RecordedLine } from '../support/custom-logger-worker';
import { startProcess } from '../support/run-process';
import { uniqueTaskQueue, useTestStack } from '../support/test-stack';
import { exampleCatalog, EXAMPLE_DIR } from '../support/example-project';

const stack = useTestStack();

test("runWorker with a custom logger: the worker's, the SDK's and the activities' lines all land in it", async () => {
  const taskQueue = uniqueTaskQueue('logger');
  const worker = startProcess(['tests/support/custom-logger-worker.ts'], {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_TASK_QUEUE: taskQueue,
  });
  await worker.waitFor(/"message":"worker polling"/);
  const handle = await startRun(stack.temporal.client, {
    pipeline: 'orders_csv',
    trigger: 'manual',
    taskQueue,
  });
  await handle.result();
  worker.child.kill('SIGTERM');
  const result = await worker.done;
  assert.equal(result.code, 0, result.stderr);

  const lines = result.stdout.split('\n').filter(Boolean);
  const recorded = lines.map((line) => JSON.parse(line) as RecordedLine);
  assert.ok(
    recorded.every((line) => line.recordedBy === 'custom-logger'),
    `every line went through the custom logger, none to pino:\n${lines.filter((l) => !l.includes('"custom-logger"')).join('\n')}`,
  );
  const find = (message: string) => recorded.filter((line) => line.message === message);
  for (const own of ['database schema up to date', 'staging swept', 'worker polling', 'worker stopped'])
    assert.equal(find(own).length, 1, `the worker's own line "${own}"`);
  assert.deepEqual(find('worker polling')[0]?.fields.taskQueue, taskQueue);
  const sdk = find('Worker state changed');
  assert.ok(sdk.length > 0, "the SDK's worker lines");
  assert.ok(
    sdk.every((line) => line.bindings.source === 'temporal' && line.fields.sdkComponent === 'worker'),
  );
  const activity = find('loaded rows');
  assert.equal(activity.length, 1, "the load activity's line");
  assert.equal(activity[0]?.bindings.source, 'temporal');
  assert.equal(activity[0]?.fields.sdkComponent, 'activity');
});

test('createSluiceWorker refuses a logger the Temporal runtime was not installed with', async () => {
  const connection = await NativeConnection.connect({ address: stack.temporalAddress });
  try {
    await assert.rejects(
      createSluiceWorker({
        connection,
        namespace: 'default',
        taskQueue: uniqueTaskQueue('refused'),
        pool: stack.pool,
        catalog: await exampleCatalog(),
        baseDir: EXAMPLE_DIR,
        logger: createLogger('info'),
      }),
      /installed with another one; pass the same logger to installRuntime and createSluiceWorker/,
    );
  } finally {
    await connection.close();
  }
});
