// Checks shared by the source kinds' definition checks: dot paths, whole numbers, environment variable names.
import { isSecretVariable } from '../config/secret-variables';
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
 * A field that must name an environment variable, and not one of Sluice's own secrets: a definition must
 * not send the workers' database URL or Temporal key to a source. A malformed value is never echoed: an
 * author who pasted the secret itself must not see it land in logs.
 */
export function envNameProblems(field: string, value: unknown, example: string, not: string): string[] {
  if (typeof value !== 'string' || !ENV_NAME.test(value))
    return [`source.${field} must be the name of an environment variable (like ${example}), not ${not}`];
  return isSecretVariable(value)
    ? [
        `source.${field} names ${value}, one of Sluice's own secrets, which a source must never receive; give the source a credential of its own in another variable (like ${example})`,
      ]
    : [];
}
