// Reads a Retry-After header, in delay-seconds or as an HTTP date, as milliseconds to wait.

/** Milliseconds to wait (0 for a date already past), or undefined when the header is absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
