// Turns a contract spec into the zod object schema a hand-written `{ schema }` contract would be.
import { z } from 'zod';
import type { ContractColumn, ContractSpec } from '../../core/validate/contract';

/** One zod field per column: the same schema an author would write by hand, so both agree row for row. */
export function contractSchema(spec: ContractSpec): z.ZodObject {
  return z.object(Object.fromEntries(spec.columns.map((c) => [c.name, columnSchema(c)])));
}

function columnSchema(column: ContractColumn): z.ZodType {
  const base = baseSchema(column);
  return column.required ? base : base.optional();
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
      if (column.pattern !== undefined) schema = schema.regex(new RegExp(column.pattern, 'u'));
      return schema;
    }
  }
}
