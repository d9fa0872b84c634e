// The column-expression strategy: one set of check queries reads typed columns or keys of a jsonb column.
import { ident } from '../db/identifiers';
import type { CheckRelation } from './check-relation';
import type { SqlParams } from './sql-params';

export interface RelationSql {
  /** A FROM item aliased `rel`: the table, filtered when the relation has `where`. */
  from: string;
  /** True when values are jsonb keys read as text, false for typed columns. */
  jsonb: boolean;
  /** The column's value: typed as stored, or text for a jsonb key (a JSON null or a missing key is NULL). */
  value(column: string): string;
  /** The column's value as text. */
  text(column: string): string;
}

/** SQL fragments for one statement over the relation; filter values and jsonb keys go into `params`. */
export function relationSql(relation: CheckRelation, params: SqlParams): RelationSql {
  const table = `${ident(relation.schema ?? 'public')}.${ident(relation.table)}`;
  const where = relation.where;
  const from = where
    ? `(SELECT * FROM ${table} WHERE ${ident(where.column)} = ${params.add(where.equals)}) AS rel`
    : `${table} AS rel`;
  const jsonbColumn = relation.jsonbColumn;
  if (jsonbColumn !== undefined) {
    const key = (column: string) => {
      ident(column); // refuses a bad key name, though the key itself travels as a parameter
      return `(rel.${ident(jsonbColumn)} ->> ${params.add(column, 'text')})`;
    };
    return { from, jsonb: true, value: key, text: key };
  }
  return {
    from,
    jsonb: false,
    value: (column) => `rel.${ident(column)}`,
    text: (column) => `(rel.${ident(column)})::text`,
  };
}
