// Orders incremental cursor values: numbers as numbers, ISO timestamps as instants, anything else as text.

const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Nanoseconds past the second, from the fraction digits (Date keeps only milliseconds). */
const fractionNanos = (value: string) =>
  Number((/\.(\d+)/.exec(value)?.[1] ?? '').padEnd(9, '0').slice(0, 9));

/** Negative when a sorts before b, positive after, 0 when equal. */
export function compareCursors(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
  if (ISO_TIME.test(a) && ISO_TIME.test(b)) {
    const seconds = (v: string) => Math.floor(Date.parse(v) / 1000);
    return seconds(a) - seconds(b) || fractionNanos(a) - fractionNanos(b);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two cursor values; undefined counts as earliest. */
export function laterCursor(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareCursors(a, b) >= 0 ? a : b;
}
