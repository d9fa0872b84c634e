// Runs the reliability project's pipeline on a worker process, waits for a step to run, and proves the end exact.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { startRun } from '../../../client/start-run';
import { statusQuery } from '../../../core/run/messages';
import type { RunState } from '../../../core/run/run-state';
import { openPool } from '../../../runtime/open-pool';
import { ROOT, startProcess, type RunningProcess } from '../../support/run-process';
import type { TestStack } from '../../support/test-stack';
import type { runPipeline } from '../../../workflows/run-pipeline';
import {
  NDJSON_MERGE,
  SOURCE_URL_ENV,
  targetDigest,
  type OrdersProject,
  type OrdersVariant,
} from './orders-project';

export type RunHandle = WorkflowHandleWithFirstExecutionRunId<typeof runPipeline>;

/** `sluice worker` for the project as a process, polling `taskQueue` soon (not waited for). */
export function spawnWorkerProcess(
  stack: Pick<TestStack, 'temporalAddress'>,
  project: OrdersProject,
  databaseUrl: string,
  taskQueue: string,
  /** More environment for the worker (NODE_OPTIONS, say). */
  env: NodeJS.ProcessEnv = {},
): RunningProcess {
  return startProcess(
    [`${ROOT}/bin/sluice.js`, '--project', project.dir, 'worker'],
    {
      ...env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: databaseUrl,
      SLUICE_TASK_QUEUE: taskQueue,
      [SOURCE_URL_ENV]: databaseUrl,
    },
    { timeoutMs: 30 * 60_000 },
  );
}

/** `sluice worker` for the project as a process, once it says it polls. */
export async function startWorkerProcess(
  ...args: Parameters<typeof spawnWorkerProcess>
): Promise<RunningProcess> {
  const worker = spawnWorkerProcess(...args);
  await worker.waitFor(/worker polling/, 120_000);
  return worker;
}

/** Drops the variant's target, so the next run must load it whole. */
export async function dropTarget(databaseUrl: string, variant: OrdersVariant = NDJSON_MERGE): Promise<void> {
  const pool = await openPool(databaseUrl, 1);
  try {
    await pool.query(`DROP TABLE IF EXISTS ${variant.target}`);
  } finally {
    await pool.end();
  }
}

/** Starts a run of the variant's pipeline (of its partition, if it has one), as the client does. */
export function startOrdersRun(
  stack: TestStack,
  taskQueue: string,
  variant: OrdersVariant = NDJSON_MERGE,
): Promise<RunHandle> {
  return startRun(stack.temporal.client, {
    pipeline: variant.pipeline,
    trigger: 'manual',
    taskQueue,
    ...(variant.partition ? { partition: variant.partition } : {}),
  });
}

/** Drops the variant's target (so each run must load it whole) and starts a run of its pipeline. */
export async function startFreshRun(
  stack: TestStack,
  databaseUrl: string,
  taskQueue: string,
  variant: OrdersVariant = NDJSON_MERGE,
): Promise<RunHandle> {
  await dropTarget(databaseUrl, variant);
  return startOrdersRun(stack, taskQueue, variant);
}

/** Resolves once `step` is running (by the run's status query). */
export async function whenStepRuns(handle: RunHandle, step: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state: RunState = await handle.query(statusQuery);
    const status = state.steps.find((s) => s.id === step)?.status;
    if (status === 'running') return;
    if (state.status !== 'running') throw new Error(`the run ended (${state.status}) before ${step} ran`);
    await sleep(50);
  }
  throw new Error(`${step} did not start within ${timeoutMs} ms`);
}

/** The run's result; fails at once when `worker` exits first (it must not: a fault may not end a worker). */
export async function resultWhileAlive(handle: RunHandle, worker: RunningProcess) {
  const exited = worker.done.then((end) => {
    throw new Error(`the worker exited (code ${end.code}) before the run ended:\n${end.stderr.slice(-3000)}`);
  });
  return Promise.race([handle.result(), exited]);
}

/**
 * Awaits the run and asserts it exact: the target, one ledger row, the bad rows quarantined once each (or
 * `quarantined` rows, for a source that sent some bad orders more than once).
 */
export async function assertRunExact(
  handle: RunHandle,
  worker: RunningProcess,
  project: OrdersProject,
  databaseUrl: string,
  variant: OrdersVariant = NDJSON_MERGE,
  quarantined = project.bad,
) {
  const summary = await resultWhileAlive(handle, worker);
  assert.equal(summary.status, 'succeeded', JSON.stringify(summary.steps));
  const pool = await openPool(databaseUrl, 1);
  try {
    assert.deepEqual(
      await targetDigest(pool, variant),
      project.expected.get(variant.pipeline),
      `${variant.target} holds exactly the good orders`,
    );
    // A partition's run id is its business id, so each Temporal run of it is told apart by its run id.
    const ofThisRun = async (table: string) =>
      (
        await pool.query(`SELECT * FROM ${table} WHERE workflow_id = $1 AND run_id = $2`, [
          handle.workflowId,
          handle.firstExecutionRunId,
        ])
      ).rows;
    const ledger = await ofThisRun('sluice.loads');
    assert.equal(ledger.length, 1, `one ledger row for the load: ${JSON.stringify(ledger)}`);
    assert.equal(
      (await ofThisRun('sluice.quarantine')).length,
      quarantined,
      'each bad order quarantined once per copy fetched',
    );
  } finally {
    await pool.end();
  }
  return summary;
}
