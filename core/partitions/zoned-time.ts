// Wall-clock hours in an IANA time zone with Intl alone: no libraries, so it runs in the workflow sandbox.

/** A local calendar hour; month is 1–12. */
export interface WallHour {
  year: number;
  month: number;
  day: number;
  hour: number;
}

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** True when Intl knows the zone ('Europe/Berlin', 'UTC'); false for 'Mars/Base'. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallParts(instantMs: number, timeZone: string): WallHour & { minute: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instantMs)
      .map((p) => [p.type, Number(p.value)]),
  );
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
  };
}

/** The local hour an instant falls in. */
export function wallHourAt(instantMs: number, timeZone: string): WallHour {
  const { year, month, day, hour } = wallParts(instantMs, timeZone);
  return { year, month, day, hour };
}

/** The zone's offset from UTC at an instant, in milliseconds (minutes matter: India is +5:30). */
function offsetAt(instantMs: number, timeZone: string): number {
  const w = wallParts(instantMs, timeZone);
  const minuteStart = Math.floor(instantMs / 60_000) * 60_000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - minuteStart;
}

const sameHour = (a: WallHour, b: WallHour) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour;

/**
 * The first instant the local clock shows this hour, or undefined when the zone skips it (the hour
 * clocks jump over when daylight saving time starts). An hour repeated when it ends gives its earlier instant.
 */
export function firstInstantOf(wall: WallHour, timeZone: string): number | undefined {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour);
  const offsets = new Set([offsetAt(asUtc - DAY_MS, timeZone), offsetAt(asUtc + DAY_MS, timeZone)]);
  const matches = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((instant) => sameHour(wallHourAt(instant, timeZone), wall));
  return matches.length > 0 ? Math.min(...matches) : undefined;
}
