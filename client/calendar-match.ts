// Compares Temporal's description of a schedule's calendars with cron expressions by the times each matches.
import { DAYS_OF_WEEK, MONTHS, type CalendarSpecDescription, type Range } from '@temporalio/client';
import { parseCron } from '../core/schedules/cron-expression';

/** Temporal compiles cron text into calendars; both sides are reduced to the set of values per field. */
type Fingerprint = string;

function values<T extends string | number>(ranges: Range<T>[], index: (value: T) => number): number[] {
  const matched = new Set<number>();
  for (const range of ranges) {
    const start = index(range.start);
    const end = Math.max(index(range.end), start);
    for (let n = start; n <= end; n += Math.max(range.step, 1)) matched.add(n);
  }
  return [...matched].sort((a, b) => a - b);
}

const fingerprint = (fields: Record<string, number[]>): Fingerprint =>
  JSON.stringify(
    ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek', 'year'].map((f) => fields[f]),
  );

function describedFingerprint(calendar: CalendarSpecDescription): Fingerprint {
  const number = (n: number) => n;
  return fingerprint({
    second: values(calendar.second, number),
    minute: values(calendar.minute, number),
    hour: values(calendar.hour, number),
    dayOfMonth: values(calendar.dayOfMonth, number),
    month: values(calendar.month, (m) => MONTHS.indexOf(m) + 1),
    dayOfWeek: values(calendar.dayOfWeek, (d) => DAYS_OF_WEEK.indexOf(d)),
    year: values(calendar.year, number),
  });
}

function cronFingerprint(cron: string): Fingerprint | undefined {
  const match = parseCron(cron);
  if ('problem' in match) return undefined;
  return fingerprint({ ...match, second: [0], year: [] });
}

/** True when the calendars match exactly the times the cron expressions do (order and spelling aside). */
export function calendarsMatchCron(
  calendars: CalendarSpecDescription[] | undefined,
  crons: string[],
): boolean {
  const described = (calendars ?? []).map(describedFingerprint).sort();
  const declared = crons.map(cronFingerprint).sort();
  return described.length === declared.length && described.every((f, i) => f === declared[i]);
}
