// The one set of rules that reads a raw value as a column's kind: text sources always, typed values where a contract opts in.

/** What a column holds, as far as reading raw values goes; `any` values are passed on untouched. */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date' | 'any';

/** Blank text, null and an absent value all mean "missing", whatever the column's type. */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Decimal notation only: no hex, no `Infinity`, no thousands separators. */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** PostgreSQL's boolean spellings (without its prefixes), case-insensitive. */
const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  t: true,
  yes: true,
  y: true,
  on: true,
  '1': true,
  false: false,
  f: false,
  no: false,
  n: false,
  off: false,
  '0': false,
};

/** ISO 8601 date, or date and time WITH a zone: a zone-less time would depend on the worker's clock. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Reads a value that is not missing as `kind`. A value that cannot be read is returned unchanged, so the
 * schema rejects it with its own message. Numbers and booleans count as their JSON text, so a contract that
 * coerces gives a row the same verdict from a CSV file (all text) as from NDJSON (typed).
 */
export function coerceValue(kind: ValueKind, value: unknown): unknown {
  switch (kind) {
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'number':
      return typeof value === 'string' ? readNumber(value) : value;
    case 'boolean':
      return typeof value === 'string' || typeof value === 'number' ? readBoolean(value) : value;
    case 'date':
      return typeof value === 'string' ? readDate(value) : value;
    default:
      return value;
  }
}

function readNumber(text: string): unknown {
  const trimmed = text.trim();
  if (!NUMBER_TEXT.test(trimmed)) return text;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : text;
}

function readBoolean(value: string | number): unknown {
  return BOOLEAN_WORDS[String(value).trim().toLowerCase()] ?? value;
}

function readDate(text: string): unknown {
  const trimmed = text.trim();
  const match = ISO_DATE_TIME.exec(trimmed);
  if (!match) return text;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date rolls 2023-02-30 over into March; a calendar date must survive the round trip.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day || month < 1 || month > 12) return text;
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime()) ? text : date;
}
