// Makes a row storable as jsonb, or says which value cannot be stored (instead of a crash loop).
import { ExactNumber } from '../exact-json';
import { RECORD_DEFAULTS } from '../fetch/record-limits';
import type { RowIssue } from './row-issue';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What may make text unstorable: a NUL, or any surrogate (most are in pairs, which the closer look allows). */
// eslint-disable-next-line no-control-regex
const MAYBE_UNSTORABLE_TEXT = /[\u0000\uD800-\uDFFF]/;

/**
 * The row as plain JSON data: dates as ISO strings, bigints as decimal text. Values jsonb cannot hold
 * (NUL characters, broken UTF-16, NaN, functions, nesting deeper than `maxDepth`) become issues, since
 * retrying never helps. Keys such as `__proto__` stay keys.
 */
export function toJsonSafe(
  row: Record<string, unknown>,
  issues: RowIssue[],
  maxDepth: number = RECORD_DEFAULTS.maxRecordDepth,
): Record<string, unknown> {
  return convert(row, undefined, undefined, issues, 0, maxDepth) as Record<string, unknown>;
}

/**
 * True for a row of plain JSON data that jsonb stores as it is: no NUL or broken UTF-16 in any string or
 * key, nothing nested deeper than `maxDepth`. A fast look without copying, for rows straight from a parser;
 * false means "look closer with toJsonSafe", which names the problem.
 */
export function plainlyStorable(row: unknown, maxDepth: number): boolean {
  const pending: unknown[] = [row];
  const depths: number[] = [0];
  while (pending.length > 0) {
    const value = pending.pop();
    const depth = depths.pop() as number;
    if (depth > maxDepth) return false;
    if (typeof value === 'string') {
      if (MAYBE_UNSTORABLE_TEXT.test(value)) return false;
    } else if (Array.isArray(value)) {
      for (const item of value) {
        pending.push(item);
        depths.push(depth + 1);
      }
    } else if (typeof value === 'object' && value !== null && !(value instanceof ExactNumber)) {
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const [key, item] of Object.entries(value)) {
        if (MAYBE_UNSTORABLE_TEXT.test(key)) return false;
        pending.push(item);
        depths.push(depth + 1);
      }
    } else if (typeof value === 'number' && !Number.isFinite(value)) return false;
  }
  return true;
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
  maxDepth: number,
): unknown {
  if (depth > maxDepth) return unstorableAt(issues, parent, key, `nested more than ${maxDepth} levels deep`);
  switch (typeof value) {
    case 'string': {
      const problem = textProblem(value);
      return problem ? unstorableAt(issues, parent, key, problem) : value;
    }
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
      return convertObject(value, parent, key, issues, depth, maxDepth);
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
  maxDepth: number,
): unknown {
  if (value === null) return null;
  if (value instanceof ExactNumber) return value;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? unstorableAt(issues, parent, key, 'an invalid date')
      : value.toISOString();
  }
  const here = key === undefined ? parent : { parent, key };
  if (Array.isArray(value))
    return value.map((item, i) => convert(item, here, i, issues, depth + 1, maxDepth));
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
    return convert((toJSON as () => unknown).call(value), parent, key, issues, depth + 1, maxDepth);
  }
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const keyProblem = textProblem(name);
    if (keyProblem) unstorableAt(issues, here, name, `its key ${keyProblem.replace(/^contains/, 'holds')}`);
    const converted = convert(
      (value as Record<string, unknown>)[name],
      here,
      name,
      issues,
      depth + 1,
      maxDepth,
    );
    if (converted === undefined) continue;
    // Defined, not assigned: `out['__proto__'] = x` would set the prototype and drop the key.
    if (name === '__proto__')
      Object.defineProperty(out, name, {
        value: converted,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[name] = converted;
  }
  return out;
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character, which PostgreSQL text cannot hold';
  if (LONE_SURROGATE.test(text)) return 'contains broken Unicode (a lone surrogate)';
  return undefined;
}
