// Checks shared by the source kinds' definition checks: dot paths, whole numbers, environment variable names.
import { toMilliseconds } from '../pipeline/durations';

const DOT_PATH = /^[^.\s]+(\.[^.\s]+)*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function dotPathProblems(field: string, path: unknown): string[] {
  return typeof path === 'string' && DOT_PATH.test(path)
    ? []
    : [`source.${field} must be a dot path like data.items, got ${JSON.stringify(path)}`];
}

export function integerProblems(
  field: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): string[] {
  if (value === undefined) return [];
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
    ? []
    : [
        `source.${field} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
      ];
}

export function durationProblems(field: string, value: unknown): string[] {
  if (value === undefined) return [];
  const ms = typeof value === 'string' || typeof value === 'number' ? toMilliseconds(value) : undefined;
  return ms !== undefined && ms > 0
    ? []
    : [`source.${field} "${String(value)}" is not a positive duration like '30s'`];
}

export function booleanProblems(field: string, value: unknown): string[] {
  return value === undefined || typeof value === 'boolean' ? [] : [`source.${field} must be true or false`];
}

/**
 * A field that must name an environment variable. The value is never echoed: an author who pasted the
 * secret itself must not see it land in logs.
 */
export function envNameProblems(field: string, value: unknown, example: string, not: string): string[] {
  return typeof value === 'string' && ENV_NAME.test(value)
    ? []
    : [`source.${field} must be the name of an environment variable (like ${example}), not ${not}`];
}
