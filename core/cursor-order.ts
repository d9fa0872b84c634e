// Orders incremental cursor values: numbers as numbers, anything else (ISO timestamps, ids) as text.

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Negative when a sorts before b, positive after, 0 when equal. */
export function compareCursors(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two cursor values; undefined counts as earliest. */
export function laterCursor(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareCursors(a, b) >= 0 ? a : b;
}
