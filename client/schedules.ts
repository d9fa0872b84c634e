// A pipeline's Temporal Schedule (id `sluice/<pipeline>`): create, update, inspect, steer and delete it.
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleDescription,
  type ScheduleHandle,
} from '@temporalio/client';
import type { PipelineDefinition } from '../core/pipeline/define-pipeline';
import type { OverlapPolicy } from '../core/schedules/pipeline-schedule';
import { SCHEDULE_ID_PREFIX, scheduleIdOf } from '../core/run/workflow-id';
import { resolveSchedule } from './resolved-schedule';
import { PipelineScheduleError } from './schedule-error';
import { OWNER_MEMO_KEY, overlapPolicy, scheduleOptions, scheduleUpdate } from './schedule-options';

export interface ScheduleTarget {
  /** The task queue Sluice's workers poll; scheduled runs are started there. */
  taskQueue: string;
}

/** One Sluice-owned schedule as `listSchedules` reports it. */
export interface PipelineScheduleListing {
  pipeline: string;
  scheduleId: string;
  paused: boolean;
  note?: string;
  nextRuns: Date[];
  recentRuns: { scheduledAt: Date; workflowId: string }[];
}

/** Runs `action` on the pipeline's schedule, turning "not found" into a message that says what to do. */
async function onSchedule<T>(client: Client, pipeline: string, action: (h: ScheduleHandle) => Promise<T>) {
  try {
    return await action(client.schedule.getHandle(scheduleIdOf(pipeline)));
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    throw new PipelineScheduleError(
      pipeline,
      `pipeline ${pipeline} has no schedule in Temporal (${scheduleIdOf(pipeline)}); declare one and run syncSchedules`,
      { cause: err },
    );
  }
}

/** Creates the schedule the definition declares; refuses when the pipeline has one already. */
export async function createSchedule(
  client: Client,
  definition: PipelineDefinition,
  { taskQueue }: ScheduleTarget,
): Promise<ScheduleHandle> {
  try {
    return await client.schedule.create(scheduleOptions(resolveSchedule(definition, taskQueue)));
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    throw new PipelineScheduleError(
      definition.name,
      `pipeline ${definition.name} already has a schedule (${scheduleIdOf(definition.name)}); update it instead`,
      { cause: err },
    );
  }
}

/** Makes the pipeline's schedule match its definition: cron, time zone, policies, paused, task queue. */
export async function updateSchedule(
  client: Client,
  definition: PipelineDefinition,
  { taskQueue }: ScheduleTarget,
): Promise<void> {
  const update = scheduleUpdate(resolveSchedule(definition, taskQueue));
  await onSchedule(client, definition.name, (handle) => handle.update(() => update));
}

export function describeSchedule(client: Client, pipeline: string): Promise<ScheduleDescription> {
  return onSchedule(client, pipeline, (handle) => handle.describe());
}

/**
 * Every schedule Sluice owns (id prefix and memo), whether or not the catalog still declares it.
 * Listing is eventually consistent: a schedule created a moment ago may be missing.
 */
export async function listSchedules(client: Client): Promise<PipelineScheduleListing[]> {
  const listings: PipelineScheduleListing[] = [];
  for await (const summary of client.schedule.list()) {
    const pipeline = summary.memo?.[OWNER_MEMO_KEY];
    if (!summary.scheduleId.startsWith(SCHEDULE_ID_PREFIX) || typeof pipeline !== 'string') continue;
    listings.push({
      pipeline,
      scheduleId: summary.scheduleId,
      paused: summary.state.paused,
      ...(summary.state.note ? { note: summary.state.note } : {}),
      nextRuns: summary.info.nextActionTimes,
      recentRuns: summary.info.recentActions.map((a) => ({
        scheduledAt: a.scheduledAt,
        workflowId: a.action.workflow.workflowId,
      })),
    });
  }
  return listings;
}

/** Stops scheduled runs (a trigger still runs one); the note shows in the UI. */
export function pauseSchedule(client: Client, pipeline: string, note = 'paused with Sluice'): Promise<void> {
  return onSchedule(client, pipeline, (handle) => handle.pause(note));
}

export function unpauseSchedule(
  client: Client,
  pipeline: string,
  note = 'unpaused with Sluice',
): Promise<void> {
  return onSchedule(client, pipeline, (handle) => handle.unpause(note));
}

/** Starts one scheduled run now; its partition follows from now. Default overlap 'allow_all', as Temporal's. */
export function triggerSchedule(client: Client, pipeline: string, overlap?: OverlapPolicy): Promise<void> {
  return onSchedule(client, pipeline, (handle) => handle.trigger(overlap && overlapPolicy(overlap)));
}

/**
 * Has Temporal take, now, every run the schedule would have taken between `start` and `end`; each derives its
 * partition from its own scheduled time. Default overlap 'buffer_all': the runs go one after another.
 * For a range of partitions with skip, parallelism and progress, use startBackfill instead.
 */
export function backfillSchedule(
  client: Client,
  pipeline: string,
  range: { start: Date; end: Date; overlap?: OverlapPolicy },
): Promise<void> {
  const { start, end, overlap = 'buffer_all' } = range;
  return onSchedule(client, pipeline, (handle) =>
    handle.backfill({ start, end, overlap: overlapPolicy(overlap) }),
  );
}

export function deleteSchedule(client: Client, pipeline: string): Promise<void> {
  return onSchedule(client, pipeline, (handle) => handle.delete());
}
