// Worker logs: a custom logger gets every line, each activity line names its run, and LOG_FORMAT=pretty is for people.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NativeConnection } from '@temporalio/worker';
import { startRun } from '../../client/start-run';
import { createLogger } from '../../runtime/logger';
import { createSluiceWorker } from '../../workers/worker';
import type { RecordedLine } from '../support/custom-logger-worker';
import { runProcess, startProcess } from '../support/run-process';
import { uniqueTaskQueue, useTestStack } from '../support/test-stack';
import { exampleCatalog, EXAMPLE_DIR, EXAMPLE_WORKER } from '../support/example-project';

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
    partition: '2026-01-05',
    trigger: 'manual',
    taskQueue,
  });
  const { runId } = await handle.describe();
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
  assert.equal(activity[0]?.fields.step, 'load_orders_fct');

  const activityLines = recorded.filter((line) => line.fields.sdkComponent === 'activity');
  assert.ok(activityLines.length >= 3, 'the fetch, validate and load lines');
  for (const line of activityLines)
    assert.deepEqual(
      {
        pipeline: line.fields.pipeline,
        partition: line.fields.partition,
        workflowId: line.fields.workflowId,
        workflowRunId: line.fields.workflowRunId,
        attempt: line.fields.attempt,
        hasStep: typeof line.fields.step === 'string',
      },
      {
        pipeline: 'orders_csv',
        partition: '2026-01-05',
        workflowId: handle.workflowId,
        workflowRunId: runId,
        attempt: 1,
        hasStep: true,
      },
      `each activity line names its run: ${JSON.stringify(line)}`,
    );
  assert.deepEqual([...new Set(activityLines.map((line) => line.fields.step))].sort(), [
    'fetch_orders_csv',
    'load_orders_fct',
    'validate_orders',
  ]);
});

test('LOG_FORMAT=pretty prints one readable line per entry, with the activity fields; secrets stay out', async () => {
  const taskQueue = uniqueTaskQueue('pretty');
  const worker = startProcess(EXAMPLE_WORKER, {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_TASK_QUEUE: taskQueue,
    LOG_FORMAT: 'pretty',
  });
  await worker.waitFor(/ INFO {2}worker polling /);
  const handle = await startRun(stack.temporal.client, {
    pipeline: 'orders_csv',
    partition: '2026-01-06',
    trigger: 'manual',
    taskQueue,
  });
  await handle.result();
  worker.child.kill('SIGTERM');
  const result = await worker.done;
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n').filter(Boolean);
  assert.deepEqual(
    lines.filter(
      (line) => !/^(\d\d:\d\d:\d\d\.\d{3} (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) | {4})/.test(line),
    ),
    [],
    'every entry starts with a time and a level; the later lines of a long message are indented',
  );
  const loaded = lines.filter((line) => line.includes(' loaded rows '));
  assert.equal(loaded.length, 1, result.stdout);
  assert.match(loaded[0] ?? '', / pipeline=orders_csv /);
  assert.match(loaded[0] ?? '', / step=load_orders_fct /);
  assert.match(loaded[0] ?? '', / partition=2026-01-06 /);
  assert.match(loaded[0] ?? '', new RegExp(` workflowId=${handle.workflowId.replaceAll('/', '\\/')} `));
  assert.doesNotMatch(result.stdout, new RegExp(new URL(stack.databaseUrl).password));
});

test('a LOG_FORMAT that is neither json nor pretty is a config error naming it, exit 2', async () => {
  const result = await runProcess(EXAMPLE_WORKER, {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    LOG_FORMAT: 'colour',
  });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /LOG_FORMAT="colour": must be 'json' \(one JSON object a line\) or 'pretty'/);
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
