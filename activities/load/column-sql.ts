// Maps Sluice column types to PostgreSQL and reads typed values out of a staging row's jsonb.
import type { ColumnSpec, ColumnType } from '../../core/load/columns';
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

/** How PostgreSQL's format_type(oid, NULL) spells each type: what an existing column is compared with. */
export const CATALOG_TYPES: Record<string, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamptz: 'timestamp with time zone',
  jsonb: 'jsonb',
};

/** `(data->>'col')::type` (or the jsonb value for jsonb columns), with the name bound as a literal. */
export function castExpression(column: ColumnSpec): string {
  ident(column.name); // throws unless the name is lower snake case, so the literal below is safe
  const key = `'${column.name}'`;
  if (column.type === 'jsonb') return `nullif(data->${key}, 'null'::jsonb)`; // JSON null is SQL NULL, as for other types
  return `(data->>${key})::${SQL_TYPES[column.type]}`;
}

/** `(data->>'col')::type AS "col"`. */
export const castFromStaging = (column: ColumnSpec) => `${castExpression(column)} AS ${ident(column.name)}`;

/**
 * `SELECT <typed columns>, _sluice_row FROM <staging>`: the input as the target's types, in input order
 * by `_sluice_row`. `override` replaces a column's expression (the partition column, say).
 */
export function typedSelect(
  columns: readonly ColumnSpec[],
  staging: string,
  override: Record<string, string> = {},
): string {
  const list = columns.map((c) =>
    override[c.name] ? `${override[c.name]} AS ${ident(c.name)}` : castFromStaging(c),
  );
  return `SELECT ${list.join(', ')}, _sluice_row FROM ${staging}`;
}
