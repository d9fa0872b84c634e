// Orders incremental cursor values in their declared type: timestamps as instants, numbers as exact decimals, text as text.

/** How a cursor field's values are read and ordered. */
export type CursorType = 'timestamp' | 'number' | 'text';

export const CURSOR_TYPES: readonly CursorType[] = ['timestamp', 'number', 'text'];

/** A cursor value read in its type; values of one type order by their keys. */
export type CursorKey =
  | { type: 'timestamp'; seconds: number; nanos: number }
  | { type: 'number'; negative: boolean; whole: string; fraction: string }
  | { type: 'text'; text: string };

/** ISO 8601 as sources write it: a date, optionally a time (`T` or a space), a fraction and a zone. */
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The value read as `type`, or undefined when it is not one: a timestamp without a zone is UTC (so a reading
 * never depends on the worker's zone), a date is its midnight UTC; numbers keep every digit (no 2^53 limit).
 */
export function cursorKey(type: CursorType, value: unknown): CursorKey | undefined {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') return undefined;
  const text = String(value);
  if (type === 'text') return { type, text };
  if (type === 'number') {
    const match = DECIMAL.exec(text);
    if (!match) return undefined;
    const whole = (match[2] as string).replace(/^0+(?=\d)/, '');
    const fraction = (match[3] ?? '').replace(/0+$/, '');
    return { type, negative: match[1] === '-' && (whole !== '0' || fraction !== ''), whole, fraction };
  }
  return timestampKey(text);
}

function timestampKey(text: string): CursorKey | undefined {
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  // Date.UTC rolls 2026-02-30 over into March: a date not in the calendar is not a timestamp.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  const offsetMinutes = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0)) : 0;
  if (Math.abs(offsetMinutes) >= 24 * 60) return undefined;
  return {
    type: 'timestamp',
    seconds: ms / 1000 - offsetMinutes * 60,
    nanos: Number((m[7] ?? '').padEnd(9, '0')),
  };
}

/** Negative when a sorts before b, positive after, 0 when equal; both of the same type. */
export function compareCursorKeys(a: CursorKey, b: CursorKey): number {
  if (a.type === 'timestamp' && b.type === 'timestamp') return a.seconds - b.seconds || a.nanos - b.nanos;
  if (a.type === 'number' && b.type === 'number') {
    if (a.negative !== b.negative) return a.negative ? -1 : 1;
    const magnitude =
      a.whole.length - b.whole.length || textOrder(a.whole, b.whole) || textOrder(a.fraction, b.fraction);
    return a.negative ? -magnitude : magnitude;
  }
  if (a.type === 'text' && b.type === 'text') return textOrder(a.text, b.text);
  throw new Error(`cannot compare a ${a.type} cursor with a ${b.type} cursor`);
}

const textOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Milliseconds since the epoch of a timestamp key. */
export function cursorInstantMs(key: CursorKey & { type: 'timestamp' }): number {
  return key.seconds * 1000 + key.nanos / 1e6;
}
