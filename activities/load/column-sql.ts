// Maps Sluice column types to PostgreSQL and reads typed values out of a staging row's jsonb.
import { parseColumnType } from '../../core/load/column-type';
import type { ColumnSpec, ColumnType } from '../../core/load/columns';
import { ident } from '../db/identifiers';

/**
 * The PostgreSQL type a column is created with: the type's canonical spelling, which PostgreSQL reads
 * as written (`varchar(20)`, `numeric(12,2)`, `timestamp`, `text[]`) and which is built from the parsed
 * parts, never echoed from a spec.
 */
export const sqlType = (type: ColumnType): string => parseColumnType(type).canonical;

/**
 * The type a staged value is cast to before it is written. A varchar(n) value is cast to plain varchar:
 * an explicit cast would cut a long value to n characters, while writing it into the column refuses it,
 * which fails the load as a data error naming the row. Other types cast to themselves (numeric(p,s)
 * rounds to its scale, as the column would, so merge and history compare what the table will hold).
 */
export function castType(type: ColumnType): string {
  const parsed = parseColumnType(type);
  return parsed.name === 'varchar' ? `varchar${parsed.array ? '[]' : ''}` : parsed.canonical;
}

/**
 * `data -> key` as `type`, where `key` is SQL (a literal or a parameter) and `type` a PostgreSQL type.
 * A JSON null is SQL NULL for every type; for an array type, a JSON array becomes the array of its
 * elements, in order, and text is read as PostgreSQL's array syntax (`{a,b}`).
 */
export function castValue(key: string, type: string): string {
  if (type === 'jsonb') return `nullif(data->${key}, 'null'::jsonb)`;
  if (!type.endsWith('[]')) return `(data->>${key})::${type}`;
  return `CASE WHEN jsonb_typeof(data->${key}) = 'array'
    THEN ARRAY(SELECT e FROM jsonb_array_elements_text(data->${key}) WITH ORDINALITY a(e, n) ORDER BY n)::${type}
    ELSE (data->>${key})::${type} END`;
}

/**
 * SQL that is true when a staged value of key `$1` cannot become a `type` (`pg_input_is_valid`,
 * PostgreSQL 16+), with the parameters after `$1` it needs; a JSON array is judged element by element.
 */
export function invalidStagedValue(type: string): { sql: string; types: string[] } {
  if (!type.endsWith('[]')) return { sql: 'NOT pg_input_is_valid(data->>$1, $2)', types: [type] };
  return {
    sql: `CASE WHEN jsonb_typeof(data->$1) = 'array'
      THEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(data->$1) e(v) WHERE NOT pg_input_is_valid(v, $3))
      ELSE NOT pg_input_is_valid(data->>$1, $2) END`,
    types: [type, type.slice(0, -2)],
  };
}

/** `(data->>'col')::type` (or the jsonb value for jsonb columns), with the name bound as a literal. */
export function castExpression(column: ColumnSpec): string {
  ident(column.name); // throws unless the name is lower snake case, so the literal below is safe
  return castValue(`'${column.name}'`, castType(column.type));
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
