// runPipeline: the DAG interpreter. Runs ready steps in parallel up to maxParallel, obeys operators.
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { SluiceActivities } from '../activities';
import type { PipelinePlan, StepPlan } from '../core/pipeline/plan';
import type { RunState } from '../core/run/run-state';
import type { PreviewReport } from '../core/run/load-preview';
import type { RunPipelineInput } from '../core/run/run-types';
import type { StepActivities, StepActivityKind } from '../core/pipeline/step-activities';
import { activityOptionsFor } from './activity-options';
import { failureInfo } from './failure-info';
import { RunAlerts } from './run-alerts';
import { RunController } from './run-controller';
import { formatDuration } from './format-duration';
import { runPartition } from './run-partition';

const { resolvePlan } = proxyLocalActivities<SluiceActivities>({ startToCloseTimeout: '30s' });
const { cleanup, recordRunStarted, recordRunFinished, recordOperatorActions, preparePreview, endPreview } =
  proxyActivities<SluiceActivities>({
    // Short work on the run's own records: a worker that dies inside one costs this long before a retry.
    startToCloseTimeout: '1m',
    retry: { maximumAttempts: 10 },
  });

/** How often a step whose input vanished (PostgreSQL crash recovery) may send its producers back. */
const MAX_STAGING_RECOVERIES = 2;

/** A preview's summary also carries its report: what each load would change. */
export type RunSummary = RunState & { workflowId: string; preview?: PreviewReport };

export async function runPipeline(input: RunPipelineInput): Promise<RunSummary> {
  const { workflowId, runId } = workflowInfo();
  const run = new RunController(input);
  const plan = await resolvePlan({ pipeline: input.pipeline });
  const partition = runPartition(input, plan);
  upsertMemo({ description: plan.description, owner: plan.owner, definitionHash: plan.definitionHash });
  const table = run.attach(plan, partition);
  const recoveries = new Map<string, number>();
  // Workflow time: inside the sandbox the SDK makes Date deterministic, so replay sees the same values.
  const now = () => new Date().toISOString();
  const identity = {
    workflowId,
    runId,
    pipeline: plan.pipeline,
    ...(partition ? { partition } : {}),
    trigger: input.trigger,
    definitionHash: plan.definitionHash,
    ...(input.preview ? { preview: true as const } : {}),
  };
  const alerts = new RunAlerts(
    { workflowId, runId, pipeline: plan.pipeline, ...(partition ? { partition } : {}) },
    plan.alerts === true,
  );
  if (input.preview) await openPreview(input, plan, identity);
  await recordRunStarted({ ...identity, startedAt: now() });
  const recordings: Promise<void>[] = [];
  /** Writes the operators' new actions to the run records, beside the run: no step waits on it. */
  const recordActions = () => {
    const actions = run.takeUnrecorded();
    if (actions.length === 0 || !patched('sluice-operator-actions')) return;
    const recording = CancellationScope.nonCancellable(() =>
      recordOperatorActions({ workflowId, runId, actions }),
    );
    recording.catch(() => undefined); // awaited before the run ends; until then, not an unhandled rejection
    recordings.push(recording);
  };
  const failureMessage = (): string | undefined => {
    const failed = table.list().filter((s) => s.status === 'failed');
    if (failed.length === 0) return run.cancelled ? 'cancelled' : undefined;
    return `pipeline ${plan.pipeline} failed (run ${workflowId}): ${failed.map((s) => `${s.id}: ${s.lastError}`).join('; ')}`;
  };

  const runGate = async (step: StepPlan): Promise<void> => {
    const state = table.state(step.id);
    state.status = 'waiting';
    run.changed();
    const timeoutMs = step.gate?.timeoutMs;
    alerts.raise(
      'gate_waiting',
      step.id,
      timeoutMs === undefined
        ? 'waiting for approval'
        : `waiting for approval, for up to ${formatDuration(timeoutMs)} (then ${step.gate?.onTimeout === 'approve' ? 'approved' : 'rejected'})`,
    );
    const decided = () => run.approved.has(step.id) || state.status !== 'waiting';
    const inTime =
      timeoutMs === undefined ? (await condition(decided), true) : await condition(decided, timeoutMs);
    if (state.status !== 'waiting') return; // rejected (aborted) by an operator
    if (inTime || step.gate?.onTimeout === 'approve') {
      Object.assign(state, { status: 'succeeded', ...(inTime ? {} : { lastError: 'approved by timeout' }) });
    } else {
      const reason = `not approved within ${formatDuration(timeoutMs ?? 0)}`;
      const parked = step.onFailure === 'wait';
      Object.assign(state, { status: parked ? 'parked' : 'failed', lastError: reason });
      if (parked) alerts.raise('step_parked', step.id, reason);
    }
  };
  /** The watermarks proposed by the fetches upstream of a load, which the load commits with its data. */
  const watermarksFor = (id: string): { watermarks?: Record<string, string> } => {
    const proposed = table.ancestors(id).flatMap((a) => {
      const value = table.state(a).proposedWatermark;
      return value === undefined ? [] : [[a, value] as const];
    });
    return proposed.length ? { watermarks: Object.fromEntries(proposed) } : {};
  };

  const runActivityStep = async (step: StepPlan): Promise<void> => {
    const state = table.state(step.id);
    const execute = proxyActivities<StepActivities>(activityOptionsFor(step))[step.kind as StepActivityKind];
    try {
      const result = await execute({
        pipeline: plan.pipeline,
        step: step.id,
        workflowId,
        runId,
        ...(partition ? { partition } : {}),
        params: input.params ?? {},
        definitionHash: plan.definitionHash,
        inputs: table.inputsFor(step.id),
        ...(step.kind === 'load' ? watermarksFor(step.id) : {}),
        ...(input.preview ? { preview: input.preview } : {}),
      });
      Object.assign(state, {
        status: 'succeeded',
        attempts: state.attempts + (result.attempt ?? 1),
        rowsIn: result.rowsIn,
        rowsOut: result.rowsOut,
        rowsRejected: result.rowsRejected,
        ...(result.output ? { output: result.output } : {}),
        ...(result.alreadyLoaded ? { alreadyLoaded: true } : {}),
        ...(result.checks ? { checks: result.checks } : {}),
        ...(result.proposedWatermark !== undefined ? { proposedWatermark: result.proposedWatermark } : {}),
        ...(result.preview ? { preview: result.preview } : {}),
      });
    } catch (err) {
      const failure = failureInfo(err);
      state.attempts += failure.attempt ?? 1;
      state.lastError = failure.message;
      if (failure.cancelled || run.cancelled) {
        state.status = 'failed';
      } else if (
        failure.type === 'SluiceStagingLost' &&
        (recoveries.get(step.id) ?? 0) < MAX_STAGING_RECOVERIES
      ) {
        recoveries.set(step.id, (recoveries.get(step.id) ?? 0) + 1);
        log.warn('input staging lost; re-running its producers', { step: step.id, producers: step.inputs });
        for (const producer of [...step.inputs, step.id]) {
          Object.assign(table.state(producer), { status: 'pending', output: undefined });
        }
      } else {
        state.status = step.onFailure === 'wait' ? 'parked' : 'failed';
        if (failure.type === 'SluiceCheckFailed') alerts.raise('check_failed', step.id, failure.message);
        if (state.status === 'parked') alerts.raise('step_parked', step.id, failure.message);
      }
    }
  };

  const running = new Map<string, Promise<void>>();
  const launch = (step: StepPlan) => {
    const state = table.state(step.id);
    Object.assign(state, { status: 'running', startedAt: now(), endedAt: undefined, lastError: undefined });
    const work = step.kind === 'gate' ? runGate(step) : runActivityStep(step);
    running.set(
      step.id,
      work.finally(() => {
        if (state.status !== 'pending') state.endedAt = now();
        running.delete(step.id);
        run.changed();
      }),
    );
  };

  try {
    while (!table.allFinished()) {
      for (const step of run.paused ? [] : table.ready()) {
        if (running.size >= plan.maxParallel) break;
        launch(step);
      }
      run.publish();
      recordActions();
      if (!table.allFinished()) await run.nextChange();
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    run.markCancelled();
    await CancellationScope.nonCancellable(() => Promise.allSettled(running.values()));
    throw err;
  } finally {
    run.publish();
    await CancellationScope.nonCancellable(async () => {
      recordActions();
      await Promise.all(recordings);
      const error = failureMessage();
      const failed = table.list().filter((s) => s.status === 'failed');
      if (error && !run.cancelled && failed.length > 0)
        alerts.raise('run_failed', failed.map((s) => s.id).join(', '), error);
      await cleanup({ workflowId, runId });
      if (input.preview) await endPreview(identity);
      await recordRunFinished({
        ...identity,
        state: run.snapshot(),
        endedAt: now(),
        ...(error ? { error } : {}),
      });
      await alerts.started();
    });
  }

  const summary: RunSummary = {
    ...run.snapshot(),
    workflowId,
    ...(input.preview ? { preview: previewReport(run.snapshot(), workflowId, input) } : {}),
  };
  const error = failureMessage();
  if (error)
    throw ApplicationFailure.create({
      type: 'SluiceRunFailed',
      nonRetryable: true,
      message: error,
      details: [summary],
    });
  return summary;
}

/**
 * Before anything is written: a preview needs a load to preview and a scratch schema its loads can write;
 * either refusal fails the run as SluiceBadInput, which the client reports as bad input.
 */
async function openPreview(
  input: RunPipelineInput,
  plan: PipelinePlan,
  run: { pipeline: string; workflowId: string; runId: string },
): Promise<void> {
  const refuse = (message: string) =>
    ApplicationFailure.create({ type: 'SluiceBadInput', nonRetryable: true, message });
  if (!plan.steps.some((step) => step.kind === 'load'))
    throw refuse(
      `pipeline ${plan.pipeline} has no load step, and a preview shows what loads would change; preview a pipeline that loads`,
    );
  try {
    await preparePreview({ pipeline: run.pipeline, workflowId: run.workflowId, runId: run.runId });
  } catch (err) {
    const failure = failureInfo(err);
    if (failure.type !== 'SluiceBadInput') throw err;
    throw refuse(failure.message);
  }
}

/** The preview's report: each load step's preview, in plan order. */
function previewReport(state: RunState, workflowId: string, input: RunPipelineInput): PreviewReport {
  return {
    workflowId,
    pipeline: state.pipeline,
    ...(state.partition ? { partition: state.partition } : {}),
    ...(input.preview?.sample !== undefined ? { sample: input.preview.sample } : {}),
    loads: state.steps.flatMap((step) => (step.preview ? [step.preview] : [])),
  };
}
