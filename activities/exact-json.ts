// JSON from sources without rounding: a number a double cannot hold exactly keeps its source text into staging.
import { randomBytes } from 'node:crypto';

/** A number whose exact value (12345678901234567890, 0.1000000000000000055511151231257827) a double would round. */
export class ExactNumber {
  constructor(readonly text: string) {}

  /** Code that does not know the type sees the exact text; staging writes it as a number (stagingJson). */
  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

/** Whether a parsed value is a JSON object (a record): not null, an array, or a number kept exact. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof ExactNumber)
  );
}

/** Rows parsed from text that held exact numbers: only these pay for the slower serializer. */
const rowsWithExactNumbers = new WeakSet<object>();

/** Cheap test for text that may hold a number a double rounds: 16 or more digits, or a 3-digit exponent. */
const MAY_ROUND = /(?:\d\.?){16}|[eE][+-]?\d{3}/;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NUMBER_PARTS = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * JSON.parse, except that numbers a double cannot hold exactly become ExactNumber. Text that has no such
 * number (almost all) costs one regular expression test more than JSON.parse.
 */
export function parseExactJson(text: string): unknown {
  if (!MAY_ROUND.test(text)) return JSON.parse(text);
  const exact: string[] = [];
  const marker = `\u0000${randomBytes(6).toString('hex')}:`;
  let rewritten = '';
  let copied = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = stringEnd(text, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0];
      if (token === undefined) continue; // not JSON: JSON.parse below says where
      if (rounds(token)) {
        rewritten += `${text.slice(copied, i)}${JSON.stringify(marker + exact.length)}`;
        exact.push(token);
        copied = i + token.length;
      }
      i += token.length - 1;
    }
  }
  if (exact.length === 0) return JSON.parse(text);
  const value: unknown = JSON.parse(rewritten + text.slice(copied), (_key, parsed: unknown) =>
    typeof parsed === 'string' && parsed.startsWith(marker)
      ? new ExactNumber(exact[Number(parsed.slice(marker.length))] as string)
      : parsed,
  );
  if (typeof value === 'object' && value !== null) rowsWithExactNumbers.add(value);
  return value;
}

/** An ExactNumber's text (every digit, for cursors compared exactly); any other value as it is. */
export const exactText = (value: unknown): unknown => (value instanceof ExactNumber ? value.text : value);

/** Whether `row` came from text that held exact numbers (so some of its values may be ExactNumber). */
export function hasExactNumbers(row: object): boolean {
  return rowsWithExactNumbers.has(row);
}

/** Marks a row built from exact values (a validated copy of one, say), so staging writes them exactly. */
export function markExact(row: object): void {
  rowsWithExactNumbers.add(row);
}

/** `data` with every ExactNumber (at any depth) as a plain number, for code that judges or
 * transforms values (a contract, a rows function); `data` itself when it has none. */
export function asNumbers(data: Record<string, unknown>): Record<string, unknown> {
  return hasExactNumbers(data) ? (plain(data) as Record<string, unknown>) : data;
}

function plain(value: unknown): unknown {
  if (value instanceof ExactNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
}

/** Marks the rows taken out of `document` (an HTTP page's records, say) when it held exact numbers. */
export function markExactRows(document: unknown, rows: readonly object[]): void {
  if (typeof document !== 'object' || document === null || !rowsWithExactNumbers.has(document)) return;
  for (const row of rows) rowsWithExactNumbers.add(row);
}

/** The row as JSON text for staging or quarantine, ExactNumber values written as the number they are. */
export function stagingJson(row: unknown): string {
  if (typeof row !== 'object' || row === null || !rowsWithExactNumbers.has(row)) return JSON.stringify(row);
  const exact: string[] = [];
  const marker = `\u0000${randomBytes(6).toString('hex')}:`;
  const text = JSON.stringify(row, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    if (!(original instanceof ExactNumber)) return value;
    exact.push(original.text);
    return marker + (exact.length - 1);
  });
  const quoted = JSON.stringify(marker).slice(0, -1);
  return text.replace(
    new RegExp(`${escapeRegExp(quoted)}(\\d+)"`, 'g'),
    (_m, i: string) => exact[Number(i)] ?? '',
  );
}

/** Whether the number `token` (valid JSON) changes value when read as a double. */
function rounds(token: string): boolean {
  const value = Number(token);
  return !Number.isFinite(value) || canonical(token) !== canonical(String(value));
}

/** `<sign><digits without leading or trailing zeros>e<exponent>`, equal for equal decimal values. */
function canonical(number: string): string {
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = NUMBER_PARTS.exec(number) ?? [];
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  const significant = digits.replace(/0+$/, '');
  if (!significant) return '0';
  const scale = Number(exponent) - fraction.length + (digits.length - significant.length);
  return `${sign}${significant}e${scale}`;
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 1;
    else if (c === 0x22) return i;
  }
  return text.length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
