// A pipeline's declared schedule with every default filled in: what Temporal should hold for it.
import type { PipelineDefinition } from '../core/pipeline/define-pipeline';
import { toMilliseconds } from '../core/pipeline/durations';
import { cronList, SCHEDULE_DEFAULTS, type OverlapPolicy } from '../core/schedules/pipeline-schedule';
import { PipelineScheduleError } from './schedule-error';

export interface ResolvedSchedule {
  pipeline: string;
  cron: string[];
  timezone: string;
  overlap: OverlapPolicy;
  catchupWindowMs: number;
  paused: boolean;
  /** Where the scheduled runs go: the workers' task queue. */
  taskQueue: string;
}

/** Throws PipelineScheduleError when the pipeline declares no schedule. */
export function resolveSchedule(definition: PipelineDefinition, taskQueue: string): ResolvedSchedule {
  const schedule = definition.schedule;
  if (!schedule) {
    throw new PipelineScheduleError(
      definition.name,
      `pipeline ${definition.name} declares no schedule; add one to its definition`,
    );
  }
  return {
    pipeline: definition.name,
    cron: cronList(schedule),
    timezone: schedule.timezone ?? SCHEDULE_DEFAULTS.timezone,
    overlap: schedule.overlap ?? SCHEDULE_DEFAULTS.overlap,
    catchupWindowMs: toMilliseconds(schedule.catchupWindow ?? SCHEDULE_DEFAULTS.catchupWindow) as number,
    paused: schedule.paused ?? SCHEDULE_DEFAULTS.paused,
    taskQueue,
  };
}
