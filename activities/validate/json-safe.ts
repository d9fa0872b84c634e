// Makes a validated row storable as jsonb, or says which value cannot be stored (instead of a crash loop).
import type { RowIssue } from './row-issue';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 32;

/**
 * The row as plain JSON data: dates as ISO strings, bigints as decimal text. Values jsonb cannot hold
 * (NUL characters, broken UTF-16, NaN, functions, deep nesting) become issues, since retrying never helps.
 */
export function toJsonSafe(row: Record<string, unknown>, issues: RowIssue[]): Record<string, unknown> {
  return convert(row, undefined, undefined, issues, 0) as Record<string, unknown>;
}

/**
 * Where an object or array sits in the row. A value is passed as its container's place plus its own key,
 * so a row of plain values allocates nothing for paths (hot path); the path is spelled out for an issue.
 */
interface Place {
  parent: Place | undefined;
  key: string | number;
}

function pathOf(parent: Place | undefined, key: string | number | undefined): (string | number)[] {
  const path = key === undefined ? [] : [key];
  for (let at = parent; at; at = at.parent) path.unshift(at.key);
  return path;
}

/** Records why the value at `key` of `parent` cannot be stored; a plain function, not a per-value closure. */
function unstorableAt(
  issues: RowIssue[],
  parent: Place | undefined,
  key: string | number | undefined,
  why: string,
): undefined {
  issues.push({ path: pathOf(parent, key), code: 'sluice_unstorable', message: `cannot be stored: ${why}` });
  return undefined;
}

function convert(
  value: unknown,
  parent: Place | undefined,
  key: string | number | undefined,
  issues: RowIssue[],
  depth: number,
): unknown {
  if (depth > MAX_DEPTH)
    return unstorableAt(issues, parent, key, `nested more than ${MAX_DEPTH} levels deep`);
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000'))
        return unstorableAt(
          issues,
          parent,
          key,
          'contains a NUL character, which PostgreSQL text cannot hold',
        );
      if (LONE_SURROGATE.test(value))
        return unstorableAt(issues, parent, key, 'contains broken Unicode (a lone surrogate)');
      return value;
    case 'number':
      return Number.isFinite(value)
        ? value
        : unstorableAt(issues, parent, key, `${value} is not a finite number`);
    case 'bigint':
      return value.toString();
    case 'boolean':
    case 'undefined':
      return value;
    case 'object':
      return convertObject(value, parent, key, issues, depth);
    default:
      return unstorableAt(issues, parent, key, `a ${typeof value} is not JSON data`);
  }
}

function convertObject(
  value: object | null,
  parent: Place | undefined,
  key: string | number | undefined,
  issues: RowIssue[],
  depth: number,
): unknown {
  if (value === null) return null;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? unstorableAt(issues, parent, key, 'an invalid date')
      : value.toISOString();
  }
  const here = key === undefined ? parent : { parent, key };
  if (Array.isArray(value)) return value.map((item, i) => convert(item, here, i, issues, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON !== 'function')
      return unstorableAt(
        issues,
        parent,
        key,
        `a ${value.constructor?.name ?? 'class'} object is not JSON data`,
      );
    return convert((toJSON as () => unknown).call(value), parent, key, issues, depth + 1);
  }
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const converted = convert((value as Record<string, unknown>)[name], here, name, issues, depth + 1);
    if (converted !== undefined) out[name] = converted;
  }
  return out;
}
