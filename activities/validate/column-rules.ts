// Reads the value rules of one contract column (bounds, pattern, enum), checking each fits the column's type.
import type { ContractColumn, ContractColumnType, ContractScalar } from '../../core/validate/contract';
import { patternProblem } from './safe-pattern';
import { shown } from './spec-reading';

const NUMERIC_TYPES: readonly ContractColumnType[] = ['integer', 'number'];
const TEXT_TYPES: readonly ContractColumnType[] = ['string', 'email', 'uuid'];
const ENUM_TYPES: readonly ContractColumnType[] = ['string', 'integer', 'number', 'boolean'];

/** Records a problem with one key of the column. */
export type Report = (key: string, problem: string) => void;

export function readBounds(raw: Record<string, unknown>, type: ContractColumnType | undefined, at: Report) {
  const bounds: Pick<ContractColumn, 'min' | 'max' | 'minLength' | 'maxLength'> = {};
  for (const key of ['min', 'max'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value))
      at(key, `must be a number, got ${shown(value)}`);
    else if (type && !NUMERIC_TYPES.includes(type)) {
      at(
        key,
        `applies to integer and number columns, not ${type}${TEXT_TYPES.includes(type) ? '; use min_length / max_length' : ''}`,
      );
    } else bounds[key] = value;
  }
  for (const [key, field] of [
    ['min_length', 'minLength'],
    ['max_length', 'maxLength'],
  ] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || (value as number) < 0)
      at(key, `must be a whole number of at least 0, got ${shown(value)}`);
    else if (type && !TEXT_TYPES.includes(type))
      at(key, `applies to string, email and uuid columns, not ${type}`);
    else bounds[field] = value as number;
  }
  if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) {
    at('min', `${bounds.min} is greater than max ${bounds.max}`);
  }
  if (
    bounds.minLength !== undefined &&
    bounds.maxLength !== undefined &&
    bounds.minLength > bounds.maxLength
  ) {
    at('min_length', `${bounds.minLength} is greater than max_length ${bounds.maxLength}`);
  }
  return bounds;
}

export function readPattern(
  value: unknown,
  type: ContractColumnType | undefined,
  at: Report,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    at('pattern', `must be a regular expression in quotes, got ${shown(value)}`);
    return undefined;
  }
  if (type && !TEXT_TYPES.includes(type)) {
    at('pattern', `applies to string, email and uuid columns, not ${type}`);
    return undefined;
  }
  const problem = patternProblem(value);
  if (problem === undefined) return value;
  at('pattern', `${shown(value)} ${problem}`);
  return undefined;
}

export function readEnum(raw: Record<string, unknown>, type: ContractColumnType | undefined, at: Report) {
  const value = raw.enum;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    at('enum', `must be a non-empty list of values, got ${shown(value)}`);
    return undefined;
  }
  if (!type) return undefined;
  if (!ENUM_TYPES.includes(type)) {
    at('enum', `applies to string, integer, number and boolean columns, not ${type}`);
    return undefined;
  }
  const others = ['min', 'max', 'min_length', 'max_length', 'pattern'].filter((k) => raw[k] !== undefined);
  if (others.length > 0) at('enum', `lists every allowed value already; drop ${others.join(', ')}`);
  const wrong = value.findIndex((v) => !fitsType(v, type));
  if (wrong >= 0) {
    at(
      'enum',
      `value ${shown(value[wrong])} at position ${wrong} is not ${article(type)}${type === 'string' ? '; quote it' : ''}`,
    );
    return undefined;
  }
  return value as ContractScalar[];
}

function fitsType(value: unknown, type: ContractColumnType): boolean {
  if (type === 'integer') return Number.isSafeInteger(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string';
}

const article = (type: ContractColumnType) => (type === 'integer' ? 'an integer' : `a ${type}`);
