// `sluice worker` for the example project as a process: serves a run, stops cleanly on SIGTERM, refuses bad config with exit 2.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startPostgres, type PostgresHandle } from '../../devstack/embedded-postgres';
import { freePort } from '../../devstack/port-check';
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

test('an unreachable PostgreSQL with SLUICE_DATABASE_WAIT_SECONDS=0 is named, with what to check', async () => {
  const result = await runProcess(EXAMPLE_WORKER, {
    DATABASE_URL: 'postgresql://u:hunter2@127.0.0.1:1/x',
    SLUICE_DATABASE_WAIT_SECONDS: '0',
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /refused the connection/);
  assert.doesNotMatch(result.stderr, /hunter2/);
});

test('a worker started before its PostgreSQL retries with backoff, says so, and serves once it is up', async () => {
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-late-db-'));
  const dataDir = path.join(home, 'postgres');
  const password = randomBytes(12).toString('hex');
  await writeFile(`${dataDir}.password`, `${password}\n`, { mode: 0o600 }); // the cluster's, once it starts
  const port = await freePort();
  const taskQueue = uniqueTaskQueue('late-db');
  const worker = startProcess(EXAMPLE_WORKER, {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: `postgresql://postgres:${password}@127.0.0.1:${port}/sluice`,
    SLUICE_TASK_QUEUE: taskQueue,
  });
  let postgres: PostgresHandle | undefined;
  try {
    await worker.waitFor(/PostgreSQL cannot be reached yet; the worker retries/);
    assert.equal(worker.child.exitCode, null, 'still running while PostgreSQL is down');
    postgres = await startPostgres({ dataDir, port, log: () => undefined });
    await worker.waitFor(/worker polling/, 60_000);
    const handle = await startRun(stack.temporal.client, {
      pipeline: 'orders_csv',
      trigger: 'manual',
      taskQueue,
    });
    const summary = await handle.result();
    assert.equal(summary.steps.find((s) => s.id === 'fetch_orders_csv')?.rowsOut, 25);
    assert.doesNotMatch(worker.output(), new RegExp(password), 'the password never reaches logs');
  } finally {
    worker.child.kill('SIGTERM');
    await worker.done;
    await postgres?.stop();
    await rm(home, { recursive: true, force: true });
  }
});
