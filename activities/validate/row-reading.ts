// How a validate step reads its input's rows before the contract judges them: text as the declared types, typed values as sent.
import type { DatasetRef } from '../../core/run/run-types';
import type { FieldPlan } from './field-plans';
import { coerceValue, isMissing } from './value-coercion';

export interface RowReading {
  /** The row the schema judges; keys the schema does not name are left as they are. */
  read(data: Record<string, unknown>): Record<string, unknown>;
  /** Whether a value (of the row as read) counts as missing, so a rejection of it is worded "missing". */
  missing(value: unknown): boolean;
}

const isAbsent = (value: unknown) => value === undefined || value === null;
const asSent: RowReading = { read: (data) => data, missing: isAbsent };

/**
 * Text (CSV, or a reference recorded before Sluice kept how values arrived) is read field by field as the
 * contract's types: blank text is missing, `"8745"` a number. Typed values reach the contract as the source
 * sent them, except in fields the contract opted into coercion for, and numbers a source staged as exact
 * text (PostgreSQL numeric and bigint) in the contract's number fields: those are numbers already.
 */
export function rowReading(
  plans: readonly FieldPlan[] | undefined,
  input: Pick<DatasetRef, 'values' | 'numberText'>,
): RowReading {
  if (!plans) return input.values === 'typed' ? asSent : { read: (data) => data, missing: isMissing };
  if (input.values !== 'typed') return { read: (data) => coerceRow(plans, data), missing: isMissing };
  const numberText = new Set(input.numberText);
  const coerced = plans.filter((p) => p.coerce);
  const numbers = plans.filter((p) => !p.coerce && p.kind === 'number' && numberText.has(p.name));
  if (coerced.length === 0 && numbers.length === 0) return asSent;
  return {
    read(data) {
      const row = coerceRow(coerced, data);
      for (const { name } of numbers) {
        const value = data[name];
        if (typeof value === 'string') row[name] = coerceValue('number', value);
      }
      return row;
    },
    missing: isAbsent,
  };
}

/** A copy of `data` with each planned field read as its kind, missing values as the field's missing value. */
function coerceRow(plans: readonly FieldPlan[], data: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = { ...data };
  for (const plan of plans) {
    const value = data[plan.name];
    row[plan.name] = isMissing(value) ? plan.missing : coerceValue(plan.kind, value);
  }
  return row;
}
