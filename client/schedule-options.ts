// Turns a resolved schedule into what Temporal's schedule client takes to create or update it.
import type { ScheduleOptions, ScheduleOverlapPolicy, ScheduleUpdateOptions } from '@temporalio/client';
import { runStartOptions } from '../core/run/run-start-options';
import type { RunPipelineInput } from '../core/run/run-types';
import { scheduledWorkflowId, scheduleIdOf } from '../core/run/workflow-id';
import type { ResolvedSchedule } from './resolved-schedule';

/** The memo key that marks a schedule as Sluice's own; its value is the pipeline's name. */
export const OWNER_MEMO_KEY = 'sluicePipeline';

export const overlapPolicy = (overlap: string): ScheduleOverlapPolicy =>
  overlap.toUpperCase() as ScheduleOverlapPolicy;

/** The input every scheduled run gets: no partition, the run derives it from its scheduled time. */
export const scheduledRunInput = (pipeline: string): RunPipelineInput => ({ pipeline, trigger: 'schedule' });

export function scheduleUpdate(schedule: ResolvedSchedule): ScheduleUpdateOptions {
  const input = scheduledRunInput(schedule.pipeline);
  return {
    spec: { cronExpressions: schedule.cron, timezone: schedule.timezone },
    action: {
      type: 'startWorkflow',
      workflowType: 'runPipeline',
      taskQueue: schedule.taskQueue,
      workflowId: scheduledWorkflowId(schedule.pipeline),
      args: [input],
      ...runStartOptions(input),
    },
    policies: { overlap: overlapPolicy(schedule.overlap), catchupWindow: schedule.catchupWindowMs },
    state: schedule.paused ? { paused: true, note: 'paused by its pipeline definition' } : { paused: false },
  };
}

export function scheduleOptions(schedule: ResolvedSchedule): ScheduleOptions {
  return {
    scheduleId: scheduleIdOf(schedule.pipeline),
    ...scheduleUpdate(schedule),
    memo: { [OWNER_MEMO_KEY]: schedule.pipeline },
  };
}
