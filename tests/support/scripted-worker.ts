// A real worker on the test stack whose step activities follow per-test scripts (workflow logic tests).
import { after, before } from 'node:test';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import type { Catalog } from '../../core/pipeline/catalog';
import type { AlertSettings } from '../../activities/alerts/alert-settings';
import { createSendAlert } from '../../activities/alerts/send-alert';
import { createPartitionRuns } from '../../activities/partition-runs';
import { createResolvePlan } from '../../activities/resolve-plan';
import { createRunRecords } from '../../activities/run-records';
import type { StepInput, StepResult } from '../../core/run/run-types';
import type { StepActivities, StepActivityKind } from '../../core/pipeline/step-activities';
import { withAttempt } from '../../activities/with-attempt';
import { startTestStack, uniqueTaskQueue, workflowBundle, type TestStack } from './test-stack';
import { sluiceDataConverter } from '../../runtime/codec/data-converter';

/** What a scripted step does on one attempt; the default returns 10 rows in and out. */
export type StepScript = (input: StepInput, attempt: number) => Promise<StepResult>;

export const tenRows: StepScript = async () => ({ rowsIn: 10, rowsOut: 10, rowsRejected: 0 });

export interface ScriptedWorker {
  taskQueue: string;
  /** Scripts by `<pipeline>/<step>`. */
  scripts: Map<string, StepScript>;
  cleanups: { workflowId: string; runId: string }[];
  worker: Worker;
  running: Promise<void>;
  stop(): Promise<void>;
}

/** `alerts`: deliver the runs' alerts there, as a worker with SLUICE_ALERT_WEBHOOK_URL does. */
export async function startScriptedWorker(
  stack: TestStack,
  catalog: Catalog,
  options: { alerts?: AlertSettings } = {},
): Promise<ScriptedWorker> {
  const scripts = new Map<string, StepScript>();
  const cleanups: { workflowId: string; runId: string }[] = [];
  const scripted = (input: StepInput) =>
    (scripts.get(`${input.pipeline}/${input.step}`) ?? tenRows)(input, Context.current().info.attempt);
  const stepActivities = Object.fromEntries(
    (['fetch', 'validate', 'transform', 'load'] as StepActivityKind[]).map((kind) => [
      kind,
      withAttempt(scripted),
    ]),
  ) as StepActivities;
  const taskQueue = uniqueTaskQueue('scripted');
  const worker = await Worker.create({
    connection: stack.temporal.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(Boolean(stack.keyRing)),
    dataConverter: sluiceDataConverter(stack.keyRing),
    activities: {
      ...stepActivities,
      resolvePlan: createResolvePlan(catalog, { alerts: options.alerts !== undefined }),
      sendAlert: createSendAlert(stack.pool, options.alerts),
      cleanup: async (run: { workflowId: string; runId: string }) => {
        cleanups.push(run);
        return { dropped: 0 };
      },
      ...createRunRecords(stack.pool),
      ...createPartitionRuns(stack.pool),
    },
  });
  const running = worker.run();
  return {
    taskQueue,
    scripts,
    cleanups,
    worker,
    running,
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}

/** Resolves after `ms`, or rejects when the activity is cancelled (it heartbeats meanwhile). */
export async function busyFor(ms: number): Promise<void> {
  const context = Context.current();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    context.heartbeat();
    await context.sleep(Math.min(50, deadline - Date.now()));
  }
}

/** For a test file: one real stack and one scripted worker over `catalog`, started before and stopped after. */
export function useScriptedWorker(
  catalog: Catalog,
  options: { alerts?: () => AlertSettings } = {},
): { stack: TestStack; worker: ScriptedWorker } {
  const harness = {} as { stack: TestStack; worker: ScriptedWorker };
  before(async () => {
    harness.stack = await startTestStack();
    harness.worker = await startScriptedWorker(
      harness.stack,
      catalog,
      options.alerts ? { alerts: options.alerts() } : {},
    );
  });
  after(async () => {
    await harness.worker.stop();
    await harness.stack.stopAll();
  });
  return harness;
}
