// The worker SIGKILLed inside every step of runs covering each source kind, row and SQL transforms, checks and
// each load mode: a new worker picks the run up and it ends exact (target checksum, one ledger row, quarantine once).
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { temporal } from '@temporalio/proto';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';
import type { RunningProcess } from '../support/run-process';
import {
  assertRunExact,
  spawnWorkerProcess,
  startFreshRun,
  startWorkerProcess,
  whenStepRuns,
  type RunHandle,
} from './support/fault-run';
import { ALL_VARIANTS, writeAllVariants, type OrdersProject } from './support/orders-project';

const { PendingActivityState } = temporal.api.enums.v1;

/** The long form (`npm run soak`) sets more rows and more kills per step. */
const ROWS = Number(process.env.SLUICE_RELIABILITY_ROWS ?? 100_000);
const KILLS_PER_STEP = Number(process.env.SLUICE_KILLS_PER_STEP ?? 1);

let stack: TestStack;
let db: TestDatabase;
let project: OrdersProject;
let worker: RunningProcess | undefined;
const taskQueue = uniqueTaskQueue('kills');
const tally = { kills: 0, inStep: 0, retried: 0, rowsChecked: 0 };

/** A fixed sequence of delays (a small LCG), so a failing kill point can be found again. */
let seed = Number(process.env.SLUICE_KILL_SEED ?? 20261206);
const nextDelayMs = () => {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return 50 + (seed % 450);
};

// One hook: node:test runs a file's top-level hooks concurrently, and the worker needs the stack.
before(async () => {
  stack = await startTestStack();
  db = await startTestDatabase();
  project = await writeAllVariants(ROWS, db.url);
  worker = await startWorkerProcess(stack, project, db.url, taskQueue);
});

after(async () => {
  worker?.child.kill('SIGTERM');
  await worker?.done;
  process.stdout.write(
    `worker kills: ${tally.kills} (${tally.inStep} inside a running step, ${tally.retried} cost it an attempt), rows checked: ${tally.rowsChecked}\n`,
  );
  await db?.stop();
  if (project) await rm(project.dir, { recursive: true, force: true });
  await stack?.stopAll();
});

/** True while an attempt of the run's current step is started on a worker (by the server's account). */
async function attemptStarted(handle: RunHandle): Promise<boolean> {
  const { raw } = await handle.describe();
  return (raw.pendingActivities ?? []).some(
    (a) => a.state === PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
  );
}

/** SIGKILLs the worker a moment into `step` and starts another; true when the step's attempt was live then. */
async function killDuring(handle: RunHandle, step: string): Promise<boolean> {
  await whenStepRuns(handle, step, 300_000);
  await sleep(nextDelayMs());
  const running = await attemptStarted(handle);
  worker?.child.kill('SIGKILL');
  await worker?.done;
  tally.kills += 1;
  if (running) tally.inStep += 1;
  // Not waited for: the run goes on as soon as it polls, and the next kill point must be watched from then.
  worker = spawnWorkerProcess(stack, project, db.url, taskQueue);
  return running;
}

for (const variant of ALL_VARIANTS) {
  test(`${variant.pipeline}: the worker killed in each of ${variant.steps.join(', ')} — the run ends exact`, async () => {
    const handle = await startFreshRun(stack, db.url, taskQueue, variant);
    const hit = new Set<string>();
    for (const step of variant.steps)
      for (let k = 0; k < KILLS_PER_STEP; k += 1) if (await killDuring(handle, step)) hit.add(step);
    if (!worker) throw new Error('no worker');
    const summary = await assertRunExact(handle, worker, project, db.url, variant);
    // A step may still finish in the moment before the kill lands, so retries are counted, not required each time.
    for (const step of hit)
      if ((summary.steps.find((s) => s.id === step)?.attempts ?? 0) >= 2) tally.retried += 1;
    tally.rowsChecked += project.expected.get(variant.pipeline)?.rows ?? 0;
  });
}

test('most kills inside a running step cost that step its attempt (the kills land in the work)', () => {
  assert.ok(
    tally.retried >= Math.ceil(tally.inStep / 2),
    `${tally.retried} of ${tally.inStep} kills inside a step made it run again`,
  );
});
