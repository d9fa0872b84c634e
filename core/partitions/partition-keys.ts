// The text of time partition keys: parsing with a reason when a key is malformed, and formatting.
import type { TimePartitionKind } from './partition-spec';
import type { WallHour } from './zoned-time';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const EXAMPLES: Record<TimePartitionKind, string> = {
  daily: '2026-11-01 (YYYY-MM-DD)',
  hourly: '2026-11-01T05 (YYYY-MM-DDTHH)',
  monthly: '2026-11 (YYYY-MM)',
};

/** Any timestamp prefix a person might type: 2026-11, 2026-11-01, 2026-11-01T05, …T05:30, …T05:30:00. */
const TIMESTAMP = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2}))?)?)?)?$/;

/** How many of year, month, day, hour a key of each kind spells out. */
const PRECISION: Record<TimePartitionKind, number> = { monthly: 2, daily: 3, hourly: 4 };

/** Day, hour, minute and second at the very start of their enclosing unit. */
const UNIT_START = [undefined, undefined, 1, 0, 0, 0];

export function formatKey(kind: TimePartitionKind, wall: WallHour): string {
  const month = `${pad(wall.year, 4)}-${pad(wall.month)}`;
  if (kind === 'monthly') return month;
  const day = `${month}-${pad(wall.day)}`;
  return kind === 'daily' ? day : `${day}T${pad(wall.hour)}`;
}

/** The local hour a key starts at, or the reason it is not a key of this kind. */
export function parseKey(kind: TimePartitionKind, key: string): WallHour | { problem: string } {
  const notAKey = `"${key}" is not a key of ${kind} partitions: they look like ${EXAMPLES[kind]}`;
  const match = typeof key === 'string' ? TIMESTAMP.exec(key) : null;
  if (!match) return { problem: notAKey };
  const fields = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  const [year, month, day = 1, hour = 0, minute = 0, second = 0] = fields as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day, hour, minute, second));
  if (
    date.getUTCFullYear() !== year ||
    month! < 1 ||
    date.getUTCMonth() !== month! - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { problem: `"${key}" is not a real date and time` };
  }
  const wall: WallHour = { year: year!, month: month!, day, hour };
  const given = fields.filter((f) => f !== undefined).length;
  const offBoundary = fields.some((f, i) => i >= PRECISION[kind] && f !== undefined && f !== UNIT_START[i]);
  if (offBoundary) {
    return {
      problem: `"${key}" is not on a boundary of ${kind} partitions: they look like ${EXAMPLES[kind]}`,
    };
  }
  if (given !== PRECISION[kind]) {
    return given > PRECISION[kind]
      ? { problem: `${notAKey}; write ${formatKey(kind, wall)}` }
      : { problem: notAKey };
  }
  return wall;
}
