// runPipeline: resolves the plan, runs each step as its activity, and always drops the run's staging.
import { CancellationScope, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { DatasetRef, RunPipelineInput, StepResult } from '../core/run-types';
import type { SluiceActivities } from '../activities';
import { activityOptionsFor } from './activity-options';

const { resolvePlan } = proxyLocalActivities<SluiceActivities>({ startToCloseTimeout: '30s' });
const { cleanup } = proxyActivities<SluiceActivities>({
  startToCloseTimeout: '5m',
  retry: { maximumAttempts: 10 },
});

export interface RunSummary {
  pipeline: string;
  partition?: string;
  steps: Record<string, StepResult>;
}

export async function runPipeline(input: RunPipelineInput): Promise<RunSummary> {
  const { workflowId, runId } = workflowInfo();
  const plan = await resolvePlan({ pipeline: input.pipeline });
  const outputs: Record<string, DatasetRef> = {};
  const results: Record<string, StepResult> = {};
  try {
    for (const step of plan.steps) {
      const activities = proxyActivities<SluiceActivities>(activityOptionsFor(step));
      const inputs = Object.fromEntries(step.needs.flatMap((id) => (outputs[id] ? [[id, outputs[id]]] : [])));
      const result = await activities[step.kind]({
        pipeline: plan.pipeline,
        step: step.id,
        workflowId,
        runId,
        ...(input.partition ? { partition: input.partition } : {}),
        params: input.params ?? {},
        definitionHash: plan.definitionHash,
        inputs,
      });
      results[step.id] = result;
      if (result.output) outputs[step.id] = result.output;
    }
  } finally {
    await CancellationScope.nonCancellable(() => cleanup({ workflowId, runId }));
  }
  return {
    pipeline: plan.pipeline,
    ...(input.partition ? { partition: input.partition } : {}),
    steps: results,
  };
}
