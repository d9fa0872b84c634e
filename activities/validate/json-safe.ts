// Makes a validated row storable as jsonb, or says which value cannot be stored (instead of a crash loop).
import type { RowIssue } from './row-issue';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 32;

/**
 * The row as plain JSON data: dates as ISO strings, bigints as decimal text. Values jsonb cannot hold
 * (NUL characters, broken UTF-16, NaN, functions, deep nesting) become issues, since retrying never helps.
 */
export function toJsonSafe(row: Record<string, unknown>, issues: RowIssue[]): Record<string, unknown> {
  return convert(row, [], issues, 0) as Record<string, unknown>;
}

/** Records why the value at `path` cannot be stored; a plain function, not a per-value closure (hot path). */
function unstorableAt(issues: RowIssue[], path: (string | number)[], why: string): undefined {
  issues.push({ path, code: 'sluice_unstorable', message: `cannot be stored: ${why}` });
  return undefined;
}

function convert(value: unknown, path: (string | number)[], issues: RowIssue[], depth: number): unknown {
  if (depth > MAX_DEPTH) return unstorableAt(issues, path, `nested more than ${MAX_DEPTH} levels deep`);
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000'))
        return unstorableAt(issues, path, 'contains a NUL character, which PostgreSQL text cannot hold');
      if (LONE_SURROGATE.test(value))
        return unstorableAt(issues, path, 'contains broken Unicode (a lone surrogate)');
      return value;
    case 'number':
      return Number.isFinite(value) ? value : unstorableAt(issues, path, `${value} is not a finite number`);
    case 'bigint':
      return value.toString();
    case 'boolean':
    case 'undefined':
      return value;
    case 'object':
      return convertObject(value, path, issues, depth);
    default:
      return unstorableAt(issues, path, `a ${typeof value} is not JSON data`);
  }
}

function convertObject(
  value: object | null,
  path: (string | number)[],
  issues: RowIssue[],
  depth: number,
): unknown {
  if (value === null) return null;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? unstorableAt(issues, path, 'an invalid date')
      : value.toISOString();
  }
  if (Array.isArray(value)) return value.map((item, i) => convert(item, [...path, i], issues, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON !== 'function')
      return unstorableAt(issues, path, `a ${value.constructor?.name ?? 'class'} object is not JSON data`);
    return convert((toJSON as () => unknown).call(value), path, issues, depth + 1);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const converted = convert(item, [...path, key], issues, depth + 1);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}
