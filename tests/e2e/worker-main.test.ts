// `sluice worker` for the example project as a process: serves a run, stops cleanly on SIGTERM, refuses bad config with exit 2.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startRun } from '../../client/start-run';
import { EXAMPLE_WORKER } from '../support/example-project';
import { runProcess, startProcess } from '../support/run-process';
import { uniqueTaskQueue, useTestStack } from '../support/test-stack';

const stack = useTestStack();

test('a worker process runs a pipeline, then drains and exits 0 on SIGTERM', async () => {
  const taskQueue = uniqueTaskQueue('main');
  const worker = startProcess(EXAMPLE_WORKER, {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_TASK_QUEUE: taskQueue,
  });
  await worker.waitFor(/worker polling/);
  const handle = await startRun(stack.temporal.client, {
    pipeline: 'orders_csv',
    trigger: 'manual',
    taskQueue,
  });
  const summary = await handle.result();
  assert.equal(summary.steps.find((s) => s.id === 'fetch_orders_csv')?.rowsOut, 25);
  worker.child.kill('SIGTERM');
  const result = await worker.done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /worker stopped/);
  assert.doesNotMatch(
    result.stdout,
    new RegExp(new URL(stack.databaseUrl).password),
    'the password never reaches logs',
  );
});

test('missing and invalid variables: one message naming each, exit 2', async () => {
  const result = await runProcess(EXAMPLE_WORKER, {
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: 'nohostport',
    LOG_LEVEL: 'x',
    SLUICE_ENCRYPTION_KEYS: 'k1:c2hvcnQta2V5',
  });
  assert.equal(result.code, 2);
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'LOG_LEVEL', 'SLUICE_ENCRYPTION_KEYS'])
    assert.match(result.stderr, new RegExp(name));
  assert.match(result.stderr, /key "k1" must be 32 bytes in base64/);
  assert.doesNotMatch(result.stderr, /c2hvcnQta2V5/, 'the key is never echoed');
});

test('an unreachable PostgreSQL is named, with what to check', async () => {
  const result = await runProcess(EXAMPLE_WORKER, {
    DATABASE_URL: 'postgresql://u:hunter2@127.0.0.1:1/x',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /refused the connection/);
  assert.doesNotMatch(result.stderr, /hunter2/);
});
