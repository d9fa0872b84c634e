// Turns a contract spec into the zod object schema a hand-written `{ schema }` contract would be.
import { z } from 'zod';
import type { ContractColumn, ContractSpec } from '../../core/validate/contract';
import { patternSearch } from './safe-pattern';

/** One zod field per column: the same schema an author would write by hand, so both agree row for row. */
export function contractSchema(spec: ContractSpec): z.ZodObject {
  return z.object(Object.fromEntries(spec.columns.map((c) => [c.name, columnSchema(c)])));
}

/** A column that is not required takes null (a typed source's way to say "missing") as well as no value. */
function columnSchema(column: ContractColumn): z.ZodType {
  const base = baseSchema(column);
  return column.required ? base : base.nullish();
}

function baseSchema(column: ContractColumn): z.ZodType {
  const values = column.enum;
  switch (column.type) {
    case 'integer':
    case 'number': {
      if (values) return z.literal(values as number[]);
      let schema = column.type === 'integer' ? z.int() : z.number();
      if (column.min !== undefined) schema = schema.min(column.min);
      if (column.max !== undefined) schema = schema.max(column.max);
      return schema;
    }
    case 'boolean':
      return values ? z.literal(values as boolean[]) : z.boolean();
    case 'date':
      return z.iso.date();
    case 'timestamp':
      return z.iso.datetime({ offset: true });
    default: {
      if (values) return z.enum(values as [string, ...string[]]);
      let schema = column.type === 'email' ? z.email() : column.type === 'uuid' ? z.uuid() : z.string();
      if (column.minLength !== undefined) schema = schema.min(column.minLength);
      if (column.maxLength !== undefined) schema = schema.max(column.maxLength);
      if (column.pattern !== undefined) schema = schema.check(patternCheck(column.pattern));
      return schema;
    }
  }
}

/** What `.regex()` checks, with the same issue (code, format, message), but matched by RE2 in linear time. */
function patternCheck(pattern: string): z.core.CheckFn<string> {
  const search = patternSearch(pattern);
  const shownPattern = new RegExp(pattern, 'u').toString();
  return (payload) => {
    if (search(payload.value)) return;
    payload.issues.push({
      origin: 'string',
      code: 'invalid_format',
      format: 'regex',
      input: payload.value,
      pattern: shownPattern,
      continue: true,
    });
  };
}
