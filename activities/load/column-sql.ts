// Maps Sluice column types to PostgreSQL and reads typed values out of a staging row's jsonb.
import type { ColumnSpec, ColumnType } from '../../core/columns';
import { ident } from '../db/identifiers';

export const SQL_TYPES: Record<ColumnType, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamptz: 'timestamptz',
  jsonb: 'jsonb',
};

/** `(data->>'col')::type AS "col"` (or the raw jsonb for jsonb columns), with the name bound as a literal. */
export function castFromStaging(column: ColumnSpec): string {
  const key = `'${column.name}'`; // safe: ident() below has already checked the name's characters
  const quoted = ident(column.name);
  if (column.type === 'jsonb') return `data->${key} AS ${quoted}`;
  return `(data->>${key})::${SQL_TYPES[column.type]} AS ${quoted}`;
}
