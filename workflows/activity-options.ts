// Turns a step's plan into the activity options Temporal enforces: retries, timeouts, summary.
import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';
import type { StepPlan } from '../core/pipeline/plan';

export function activityOptionsFor(step: StepPlan): ActivityOptions {
  return {
    summary: step.summary,
    // A cancelled run waits for its activities to stop before cleanup drops their staging tables.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    startToCloseTimeout: step.timeouts.startToCloseMs,
    heartbeatTimeout: step.timeouts.heartbeatMs,
    ...(step.timeouts.scheduleToCloseMs ? { scheduleToCloseTimeout: step.timeouts.scheduleToCloseMs } : {}),
    retry: {
      initialInterval: step.retry.initialIntervalMs,
      backoffCoefficient: step.retry.backoffCoefficient,
      maximumInterval: step.retry.maximumIntervalMs,
      maximumAttempts: step.retry.maximumAttempts,
      nonRetryableErrorTypes: step.retry.nonRetryableErrorTypes,
    },
  };
}
