// PostgreSQL crashes (an immediate stop) during each step kind: the worker process lives on, the run ends exact.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';
import type { RunningProcess } from '../support/run-process';
import { startCrashablePostgres, type CrashablePostgres } from './support/crashable-postgres';
import { assertRunExact, startFreshRun, startWorkerProcess, whenStepRuns } from './support/fault-run';
import {
  ALL_VARIANTS,
  CSV_REPLACE,
  JSON_APPEND,
  NDJSON_MERGE,
  NDJSON_PARTITION,
  POSTGRES_HISTORY,
  writeAllVariants,
  type OrdersProject,
  type OrdersVariant,
} from './support/orders-project';

/** The long form (`npm run soak`) sets more rows, the 30-second outage and every step of every variant. */
const ROWS = Number(process.env.SLUICE_RELIABILITY_ROWS ?? 100_000);
const OUTAGE_MS = Number(process.env.SLUICE_OUTAGE_SECONDS ?? 3) * 1000;
const EVERY_STEP = process.env.SLUICE_OUTAGE_EVERY_STEP === 'true';

/** Where an outage strikes: each step of the NDJSON merge, then the step kinds and load modes the others add. */
const OUTAGES: [OrdersVariant, string][] = EVERY_STEP
  ? ALL_VARIANTS.flatMap((v) => v.steps.map((step): [OrdersVariant, string] => [v, step]))
  : [
      ...NDJSON_MERGE.steps.map((step): [OrdersVariant, string] => [NDJSON_MERGE, step]),
      [CSV_REPLACE, CSV_REPLACE.steps[2]],
      [CSV_REPLACE, CSV_REPLACE.steps[3]],
      [JSON_APPEND, JSON_APPEND.steps[3]],
      [POSTGRES_HISTORY, POSTGRES_HISTORY.steps[0]],
      [POSTGRES_HISTORY, POSTGRES_HISTORY.steps[3]],
      [NDJSON_PARTITION, NDJSON_PARTITION.steps[3]],
    ];

let stack: TestStack;
const taskQueue = uniqueTaskQueue('outage');
let db: CrashablePostgres;
let project: OrdersProject;
let worker: RunningProcess | undefined;

// One hook: node:test runs a file's top-level hooks concurrently, and the worker needs the stack.
before(async () => {
  stack = await startTestStack();
  db = await startCrashablePostgres();
  project = await writeAllVariants(ROWS, db.url);
  worker = await startWorkerProcess(stack, project, db.url, taskQueue);
});

after(async () => {
  worker?.child.kill('SIGTERM');
  await worker?.done;
  await db?.stop();
  if (project) await rm(project.dir, { recursive: true, force: true });
  await stack?.stopAll();
});

let retried = 0;
for (const [variant, step] of OUTAGES) {
  test(`PostgreSQL crashes during ${variant.pipeline}'s ${step}: the worker lives, the run ends exact`, async () => {
    const handle = await startFreshRun(stack, db.url, taskQueue, variant);
    await whenStepRuns(handle, step);
    await sleep(200); // into the step's work
    await db.crash();
    await sleep(OUTAGE_MS);
    await db.restart();
    if (!worker) throw new Error('no worker');
    const summary = await assertRunExact(handle, worker, project, db.url, variant);
    // A short step may finish in the moment before the crash: retries are counted, not required each time.
    if ((summary.steps.find((s) => s.id === step)?.attempts ?? 0) >= 2) retried += 1;
    assert.equal(worker.child.exitCode, null, 'the worker process is still running');
    assert.doesNotMatch(worker.output(), /Unhandled 'error' event|uncaughtException/);
  });
}

test('most outages struck a step at work, which then ran again', () => {
  assert.ok(
    retried >= Math.ceil(OUTAGES.length / 2),
    `${retried} of ${OUTAGES.length} outages made their step run again`,
  );
});
