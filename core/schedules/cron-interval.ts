// The longest gap between two runs a schedule starts: how long a pipeline may go without a success before it is stale.
import { parseCron, type CronMatch } from './cron-expression';
import { cronList, type PipelineSchedule } from './pipeline-schedule';

const DAY_MS = 86_400_000;
/** Any start would do: two years from it hold every month length and a year boundary. */
const FROM = Date.UTC(2026, 0, 1);
/** Far enough to see every gap of a yearly cron twice; a leap-day cron reports nothing. */
const HORIZON_DAYS = 2 * 366;

/** Cron's rule: when both day fields are restricted, a day matching either one runs. */
function runsOn(cron: CronMatch, day: Date): boolean {
  if (!cron.month.includes(day.getUTCMonth() + 1)) return false;
  const byMonthDay = cron.dayOfMonth.includes(day.getUTCDate());
  const byWeekDay = cron.dayOfWeek.includes(day.getUTCDay());
  const anyMonthDay = cron.dayOfMonth.length === 31;
  const anyWeekDay = [0, 1, 2, 3, 4, 5, 6].every((weekDay) => cron.dayOfWeek.includes(weekDay));
  if (anyMonthDay || anyWeekDay) return byMonthDay && byWeekDay;
  return byMonthDay || byWeekDay;
}

/**
 * Seconds of the longest gap between consecutive scheduled starts (read in UTC: a zone's
 * daylight-saving shift moves a gap by an hour at most); undefined for a paused or invalid schedule.
 */
export function longestScheduleGapSeconds(schedule: PipelineSchedule): number | undefined {
  if (schedule.paused) return undefined;
  const parsed = cronList(schedule).map(parseCron);
  const crons = parsed.filter((cron): cron is CronMatch => !('problem' in cron));
  if (crons.length !== parsed.length) return undefined;
  let previous: number | undefined;
  let longest = 0;
  for (let day = 0; day < HORIZON_DAYS; day += 1) {
    const date = new Date(FROM + day * DAY_MS);
    const minutes = crons
      .filter((cron) => runsOn(cron, date))
      .flatMap((cron) => cron.hour.flatMap((hour) => cron.minute.map((minute) => hour * 60 + minute)));
    for (const minute of [...new Set(minutes)].sort((a, b) => a - b).map((m) => day * 1440 + m)) {
      if (previous !== undefined) longest = Math.max(longest, minute - previous);
      previous = minute;
    }
  }
  return longest > 0 ? longest * 60 : undefined;
}
