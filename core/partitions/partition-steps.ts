// Moving between neighbouring time partitions: calendar arithmetic for days and months, instants for hours.
import type { TimePartitionKind } from './partition-spec';
import { firstInstantOf, HOUR_MS, wallHourAt, type WallHour } from './zoned-time';

const sameHour = (a: WallHour, b: WallHour) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour;

const fromUtcDate = (date: Date): WallHour => ({
  year: date.getUTCFullYear(),
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
  hour: 0,
});

/** The start of the partition of this kind that holds a local hour. */
export function partitionStart(kind: TimePartitionKind, wall: WallHour): WallHour {
  if (kind === 'hourly') return wall;
  return { ...wall, hour: 0, ...(kind === 'monthly' ? { day: 1 } : {}) };
}

/** The partition `delta` steps after the one starting at `wall` (before it when `delta` is negative). */
export function shiftPartition(
  kind: TimePartitionKind,
  wall: WallHour,
  delta: number,
  timeZone: string,
): WallHour {
  if (kind === 'daily') return fromUtcDate(new Date(Date.UTC(wall.year, wall.month - 1, wall.day + delta)));
  if (kind === 'monthly') return fromUtcDate(new Date(Date.UTC(wall.year, wall.month - 1 + delta, 1)));
  return shiftHour(wall, delta, timeZone);
}

/**
 * Hours step over real instants, so daylight saving time is honoured: the hour clocks skip is no
 * partition, and the hour they repeat is one partition two hours long.
 */
function shiftHour(wall: WallHour, delta: number, timeZone: string): WallHour {
  let instant = firstInstantOf(wall, timeZone);
  if (instant === undefined) throw new Error(`hour ${JSON.stringify(wall)} does not exist in ${timeZone}`);
  let current = wall;
  for (let moved = 0; moved < Math.abs(delta);) {
    instant += Math.sign(delta) * HOUR_MS;
    const next = wallHourAt(instant, timeZone);
    if (!sameHour(next, current)) {
      moved += 1;
      current = next;
    }
  }
  return current;
}
