// Parses the duration strings pipelines use ('30s', '5m', '1h', '250ms') without Node or ms.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** A duration as the SDK accepts it: a string like '30s' or a number of milliseconds. */
export type DurationSpec = string | number;

/** Milliseconds for a duration, or undefined when it cannot be read. */
export function toMilliseconds(value: DurationSpec): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined; // from JavaScript or JSON, where the type is not checked
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}
