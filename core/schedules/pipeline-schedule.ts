// When Temporal runs a pipeline by itself: a Schedule declared beside the pipeline's steps.
import type { DurationSpec } from '../pipeline/durations';

/** What a due run does while the previous one still runs; Temporal's ScheduleOverlapPolicy, lower case. */
export const OVERLAP_POLICIES = [
  'skip',
  'buffer_one',
  'buffer_all',
  'cancel_other',
  'terminate_other',
  'allow_all',
] as const;

export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/**
 * A pipeline's schedule. Runs start with trigger 'schedule' and no partition: the run derives its
 * partition from its scheduled time (see `partitionOffset`).
 * @example { cron: '0 2 * * *', timezone: 'Europe/Berlin', overlap: 'buffer_one' }
 */
export interface PipelineSchedule {
  /** One or more 5-field cron expressions ('0 2 * * *'); @daily-style shorthands work too. */
  cron: string | string[];
  /** IANA zone the cron expressions are read in; default 'UTC'. */
  timezone?: string;
  /** What happens when a run is due while the last one still runs; default 'skip'. */
  overlap?: OverlapPolicy;
  /** After an outage, runs missed by less than this are still started; default '1h'. */
  catchupWindow?: DurationSpec;
  /** Create the schedule paused (runs only when triggered); default false. */
  paused?: boolean;
  /** Partitions between the one holding the scheduled time and the one loaded; default -1 (a daily run loads yesterday). */
  partitionOffset?: number;
}

/** The defaults applied to every field a schedule leaves out. */
export const SCHEDULE_DEFAULTS = {
  timezone: 'UTC',
  overlap: 'skip',
  catchupWindow: '1h',
  paused: false,
  partitionOffset: -1,
} as const satisfies Required<Omit<PipelineSchedule, 'cron'>>;

/** Temporal refuses shorter catch-up windows. */
export const MIN_CATCHUP_WINDOW_MS = 10_000;

export const cronList = (schedule: PipelineSchedule): string[] =>
  Array.isArray(schedule.cron) ? schedule.cron : [schedule.cron];
