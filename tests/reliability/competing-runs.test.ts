// Two worker processes competing for the same runs (one SIGKILLed mid-run), one partition started twice at once
// and re-run while it loads: every run ends exact, one ledger row per completed load, nothing duplicated.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { temporal } from '@temporalio/proto';
import { RunAlreadyRunningError } from '../../client/run-errors';
import { pauseSignal, resumeSignal } from '../../core/run/messages';
import { openPool } from '../../runtime/open-pool';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';
import { ROOT, startProcess, type RunningProcess } from '../support/run-process';
import {
  assertRunExact,
  dropTarget,
  startOrdersRun,
  startWorkerProcess,
  whenStepRuns,
  type RunHandle,
} from './support/fault-run';
import {
  NDJSON_MERGE,
  NDJSON_PARTITION,
  writeOrdersProject,
  type OrdersProject,
} from './support/orders-project';

/** The long form (`npm run soak`) sets more rows. */
const ROWS = Number(process.env.SLUICE_RELIABILITY_ROWS ?? 30_000);
const RUNS = 4;
const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
/** Where a worker is killed: the activity type, and the project's step it runs. */
const KILLS = [
  ['fetch', NDJSON_MERGE.steps[0]],
  ['load', NDJSON_MERGE.steps[3]],
] as const;
/** Partition runs: a region's orders, replacing that partition of the target. */
const REGIONAL = NDJSON_PARTITION;

let stack: TestStack;
const taskQueue = uniqueTaskQueue('competing');
let project: OrdersProject;
let workers: RunningProcess[] = [];

// One hook: node:test runs a file's top-level hooks concurrently, and the workers need the stack.
before(async () => {
  stack = await startTestStack();
  // Its heartbeat timeout (10 s) hands a killed worker's activity to the other worker within seconds.
  project = await writeOrdersProject(ROWS, [NDJSON_MERGE, REGIONAL]);
  workers = await Promise.all(
    [1, 2].map(() => startWorkerProcess(stack, project, stack.databaseUrl, taskQueue)),
  );
});

after(async () => {
  for (const worker of workers) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.done));
  if (project) await rm(project.dir, { recursive: true, force: true });
  await stack?.stopAll();
});

/** The ledger rows of `workflowId`, oldest first. */
async function ledger(workflowId: string): Promise<{ run_id: string; rows_written: number }[]> {
  const pool = await openPool(stack.databaseUrl, 1);
  try {
    const { rows } = await pool.query<{ run_id: string; rows_written: string }>(
      'SELECT run_id, rows_written FROM sluice.loads WHERE workflow_id = $1 ORDER BY committed_at',
      [workflowId],
    );
    return rows.map((r) => ({ run_id: r.run_id, rows_written: Number(r.rows_written) }));
  } finally {
    await pool.end();
  }
}

/** The first `type` activity (fetch, validate, transform, load) found running on one of `workers`. */
async function activityOnAWorker(handles: RunHandle[], type: string, timeoutMs = 60_000) {
  const identities = new Map(workers.map((w) => [`${w.child.pid}@${os.hostname()}`, w]));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const handle of handles) {
      const { raw } = await handle.describe();
      for (const activity of raw.pendingActivities ?? []) {
        const worker = identities.get(activity.lastWorkerIdentity ?? '');
        if (activity.state === STARTED && activity.activityType?.name === type && worker)
          return { worker, handle };
      }
    }
    await sleep(20);
  }
  throw new Error(`no ${type} activity ran on a worker within ${timeoutMs} ms`);
}

for (const [type, step] of KILLS) {
  test(`two workers compete for ${RUNS} runs, one is SIGKILLed in a ${type}: each run ends exact`, async (t) => {
    await dropTarget(stack.databaseUrl);
    const handles = await Promise.all(Array.from({ length: RUNS }, () => startOrdersRun(stack, taskQueue)));
    const { worker: victim, handle: hit } = await activityOnAWorker(handles, type);
    victim.child.kill('SIGKILL');
    await victim.done;
    const survivor = workers.find((w) => w !== victim) as RunningProcess;
    // The next tests compete again: a new worker takes the victim's place while these runs end.
    const replacement = startWorkerProcess(stack, project, stack.databaseUrl, taskQueue);
    try {
      const summaries = [];
      for (const handle of handles)
        summaries.push(await assertRunExact(handle, survivor, project, stack.databaseUrl));
      const attempts = summaries[handles.indexOf(hit)]?.steps.find((s) => s.id === step)?.attempts ?? 0;
      assert.ok(
        attempts >= 2,
        `${step} of the run hit by the kill ran again on the other worker (${attempts})`,
      );
      t.diagnostic(
        `killed worker ${victim.child.pid} in ${step} of ${hit.workflowId}; it ran ${attempts} times`,
      );
      const written = (await Promise.all(handles.map((h) => ledger(h.workflowId)))).flat();
      assert.equal(written.length, RUNS, 'one ledger row per run');
      assert.equal(
        written.reduce((sum, row) => sum + row.rows_written, 0),
        project.expected.get(NDJSON_MERGE.pipeline)?.rows,
        'each order was written once: the first load inserted them all, the other merges changed nothing',
      );
    } finally {
      workers = [survivor, await replacement];
    }
  });
}

test('the same partition started twice at once: one start is refused, a --attach follows it, one run loads', async () => {
  await dropTarget(stack.databaseUrl, REGIONAL);
  const starts = await Promise.allSettled([1, 2].map(() => startOrdersRun(stack, taskQueue, REGIONAL)));
  const started = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const refused = starts.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  assert.equal(started.length, 1, 'one start won');
  assert.ok(refused[0] instanceof RunAlreadyRunningError, `the other was refused: ${String(refused[0])}`);
  assert.match(refused[0].message, /sluice\/regional_orders\/eu is already running.*--attach/);
  const [handle] = started as [RunHandle];
  // Paused, the run cannot end before the CLI has attached to it.
  await handle.signal(pauseSignal);
  const attach = startProcess(
    [
      `${ROOT}/bin/sluice.js`,
      '--project',
      project.dir,
      'run',
      REGIONAL.pipeline,
      '--partition',
      'eu',
      '--attach',
    ],
    { TEMPORAL_ADDRESS: stack.temporalAddress, SLUICE_TASK_QUEUE: taskQueue },
  );
  try {
    await attach.waitFor(/Attached to sluice\/regional_orders\/eu/);
  } finally {
    await handle.signal(resumeSignal);
  }
  await assertRunExact(handle, workers[0] as RunningProcess, project, stack.databaseUrl, REGIONAL);
  const cli = await attach.done;
  assert.equal(cli.code, 0, `the attached CLI saw the run succeed:\n${cli.stdout}\n${cli.stderr}`);
  assert.deepEqual(
    (await ledger(handle.workflowId)).map((r) => r.run_id),
    [handle.firstExecutionRunId],
    'one run of the partition loaded',
  );
});

test('a partition re-run while it loads is refused, right after it ends it runs: the target stays exact', async () => {
  await dropTarget(stack.databaseUrl, REGIONAL);
  const first = await startOrdersRun(stack, taskQueue, REGIONAL);
  const before = await ledger(first.workflowId); // the partition's earlier runs, in this file
  await whenStepRuns(first, REGIONAL.steps[3]);
  await assert.rejects(startOrdersRun(stack, taskQueue, REGIONAL), RunAlreadyRunningError);
  await first.result();
  const second = await startOrdersRun(stack, taskQueue, REGIONAL);
  assert.notEqual(second.firstExecutionRunId, first.firstExecutionRunId);
  for (const handle of [first, second])
    await assertRunExact(handle, workers[0] as RunningProcess, project, stack.databaseUrl, REGIONAL);
  const rows = project.expected.get(REGIONAL.pipeline)?.rows;
  assert.deepEqual(
    (await ledger(first.workflowId)).slice(before.length),
    [
      { run_id: first.firstExecutionRunId, rows_written: rows },
      { run_id: second.firstExecutionRunId, rows_written: rows },
    ],
    'one ledger row per completed load; the re-run replaced the partition with the same orders',
  );
});
