// Checks a pipeline's schedule when it is defined: cron syntax, time zone, policies, partition offset.
import { cronProblem } from './cron-expression';
import { toMilliseconds } from '../pipeline/durations';
import type { PartitionSpec } from '../partitions/partition-spec';
import {
  cronList,
  MIN_CATCHUP_WINDOW_MS,
  OVERLAP_POLICIES,
  type OverlapPolicy,
  type PipelineSchedule,
} from './pipeline-schedule';
import { timezoneProblem } from '../partitions/timezone-problem';

/** Every problem with the schedule, prefixed with `schedule.`; empty when it is fine or absent. */
export function scheduleProblems(
  schedule: PipelineSchedule | undefined,
  partitions?: PartitionSpec,
): string[] {
  if (schedule === undefined) return [];
  const problems: string[] = [];
  const crons = cronList(schedule);
  if (crons.length === 0)
    problems.push("schedule.cron must hold at least one cron expression, like '0 2 * * *'");
  for (const cron of crons) {
    const problem = cronProblem(cron);
    if (problem) problems.push(`schedule.${problem}`);
  }
  const zoneIssue = timezoneProblem('schedule.timezone', schedule.timezone);
  if (zoneIssue) problems.push(zoneIssue);
  if (schedule.overlap !== undefined && !OVERLAP_POLICIES.includes(schedule.overlap as OverlapPolicy)) {
    problems.push(
      `schedule.overlap "${String(schedule.overlap)}" is unknown; use ${OVERLAP_POLICIES.join(', ')}`,
    );
  }
  if (schedule.catchupWindow !== undefined) {
    const ms = toMilliseconds(schedule.catchupWindow);
    if (ms === undefined || ms < MIN_CATCHUP_WINDOW_MS) {
      problems.push(
        `schedule.catchupWindow "${schedule.catchupWindow}" must be a duration of at least 10s, like '1h'`,
      );
    }
  }
  if (schedule.paused !== undefined && typeof schedule.paused !== 'boolean') {
    problems.push(`schedule.paused must be true or false, got ${JSON.stringify(schedule.paused)}`);
  }
  if (schedule.partitionOffset !== undefined && !Number.isInteger(schedule.partitionOffset)) {
    problems.push(
      `schedule.partitionOffset must be a whole number (-1: the partition before), got ${schedule.partitionOffset}`,
    );
  }
  if (partitions?.kind === 'static') {
    problems.push(
      'schedule: a scheduled run picks its partition from its time, which static partitions do not have',
    );
  }
  if (schedule.partitionOffset !== undefined && partitions === undefined) {
    problems.push('schedule.partitionOffset needs partitions: the pipeline declares none');
  }
  return problems;
}
