// How a schedule in Temporal differs from the one its pipeline declares, as reasons a person can read.
import type { ScheduleDescription } from '@temporalio/client';
import { calendarsMatchCron } from './calendar-match';
import type { ResolvedSchedule } from './resolved-schedule';
import { overlapPolicy, scheduledRunInput } from './schedule-options';

const seconds = (ms: number) => `${ms / 1000}s`;

/** Empty when Temporal's schedule does what the definition says. */
export function scheduleDrift(declared: ResolvedSchedule, actual: ScheduleDescription): string[] {
  const reasons: string[] = [];
  const spec = actual.spec;
  const extras = (spec.intervals?.length ?? 0) + (spec.skip?.length ?? 0);
  if (!calendarsMatchCron(spec.calendars, declared.cron) || extras > 0 || spec.startAt || spec.endAt) {
    reasons.push(`cron: Temporal's times differ from ${declared.cron.map((c) => `'${c}'`).join(', ')}`);
  }
  const timezone = spec.timezone || 'UTC';
  if (timezone !== declared.timezone) reasons.push(`timezone: ${timezone} → ${declared.timezone}`);
  const overlap = overlapPolicy(declared.overlap);
  if (actual.policies.overlap !== overlap) reasons.push(`overlap: ${actual.policies.overlap} → ${overlap}`);
  if (actual.policies.catchupWindow !== declared.catchupWindowMs) {
    reasons.push(
      `catchupWindow: ${seconds(actual.policies.catchupWindow)} → ${seconds(declared.catchupWindowMs)}`,
    );
  }
  if (actual.state.paused !== declared.paused)
    reasons.push(`paused: ${actual.state.paused} → ${declared.paused}`);
  const action = actual.action;
  if (action.taskQueue !== declared.taskQueue)
    reasons.push(`task queue: ${action.taskQueue} → ${declared.taskQueue}`);
  const input = JSON.stringify(scheduledRunInput(declared.pipeline));
  if (
    action.workflowType !== 'runPipeline' ||
    JSON.stringify(action.args) !== JSON.stringify([JSON.parse(input)])
  ) {
    reasons.push(
      `action: starts ${action.workflowType}(${JSON.stringify(action.args)}), not runPipeline(${input})`,
    );
  }
  return reasons;
}
