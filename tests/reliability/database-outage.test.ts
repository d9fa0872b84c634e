// PostgreSQL crashes (an immediate stop) during each step kind: the worker process lives on, the run ends exact.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';
import type { RunningProcess } from '../support/run-process';
import { startCrashablePostgres, type CrashablePostgres } from './support/crashable-postgres';
import { assertRunExact, startFreshRun, startWorkerProcess, whenStepRuns } from './support/fault-run';
import { NDJSON_MERGE, writeOrdersProject, type OrdersProject } from './support/orders-project';

/** The long form (`npm run soak`) sets more rows and the 30-second outage. */
const ROWS = Number(process.env.SLUICE_RELIABILITY_ROWS ?? 100_000);
const OUTAGE_MS = Number(process.env.SLUICE_OUTAGE_SECONDS ?? 3) * 1000;

let stack: TestStack;
const taskQueue = uniqueTaskQueue('outage');
let db: CrashablePostgres;
let project: OrdersProject;
let worker: RunningProcess | undefined;

// One hook: node:test runs a file's top-level hooks concurrently, and the worker needs the stack.
before(async () => {
  stack = await startTestStack();
  db = await startCrashablePostgres();
  project = await writeOrdersProject(ROWS);
  worker = await startWorkerProcess(stack, project, db.url, taskQueue);
});

after(async () => {
  worker?.child.kill('SIGTERM');
  await worker?.done;
  await db?.stop();
  if (project) await rm(project.dir, { recursive: true, force: true });
  await stack?.stopAll();
});

for (const step of NDJSON_MERGE.steps) {
  test(`PostgreSQL crashes during ${step}: the worker lives, the step retries, the run ends exact`, async () => {
    const handle = await startFreshRun(stack, db.url, taskQueue);
    await whenStepRuns(handle, step);
    await sleep(200); // into the step's work
    await db.crash();
    await sleep(OUTAGE_MS);
    await db.restart();
    if (!worker) throw new Error('no worker');
    const summary = await assertRunExact(handle, worker, project, db.url);
    const attempts = summary.steps.find((s) => s.id === step)?.attempts ?? 0;
    assert.ok(attempts >= 2, `${step} met the outage and ran again (attempts: ${attempts})`);
    assert.equal(worker.child.exitCode, null, 'the worker process is still running');
    assert.doesNotMatch(worker.output(), /Unhandled 'error' event|uncaughtException/);
  });
}
