// Checks a time zone named in a definition (partitions, schedule) against what Intl knows.
import { isTimeZone } from './zoned-time';

/** Why `timezone` cannot be used, or undefined when it is absent or known. */
export function timezoneProblem(label: string, timezone: unknown): string | undefined {
  if (timezone === undefined) return undefined;
  if (typeof timezone === 'string' && isTimeZone(timezone)) return undefined;
  return `${label} "${String(timezone)}" is not an IANA time zone; use a name like 'UTC' or 'Europe/Berlin'`;
}
