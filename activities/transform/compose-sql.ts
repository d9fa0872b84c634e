// Wraps a SQL transform's SELECT in the one INSERT that materializes it, each `{{input}}` a relation of text columns.
import { escapeIdentifier, escapeLiteral } from 'pg';
import { INPUT_PLACEHOLDER } from '../../core/transform/transform-step-problems';
import { ident } from '../db/identifiers';
import { STAGING_SCHEMA } from '../staging/staging-name';

/** One input as the SQL sees it: a relation named after its step, one text column per key. */
export interface SqlRelation {
  step: string;
  table: string;
  columns: string[];
}

export interface ComposedSql {
  /** The step's sql as its author wrote it. */
  author: string;
  text: string;
  /** The UTF-16 index in the author's sql of PostgreSQL's 1-based character position in `text`, when it falls there. */
  authorIndex(position: number): number | undefined;
}

/**
 * Inputs become NOT MATERIALIZED CTEs, so PostgreSQL plans through them as through views and never copies
 * an input. Keys come from the data, so they are quoted as identifiers and literals, never pasted in.
 */
export function composeSql(sql: string, relations: SqlRelation[], output: string): ComposedSql {
  const ctes = relations.map(({ step, table, columns }) => {
    const list = columns.map((c) => `data->>${escapeLiteral(c)} AS ${escapeIdentifier(c)}`).join(', ');
    return `${ident(step)} AS NOT MATERIALIZED (SELECT ${list} FROM ${ident(STAGING_SCHEMA)}.${ident(table)})`;
  });
  const head =
    `WITH ${ctes.join(',\n')}\n` +
    `INSERT INTO ${ident(STAGING_SCHEMA)}.${ident(output)} (_sluice_row, data)\n` +
    'SELECT row_number() OVER (), to_jsonb(q) FROM (\n';
  // PostgreSQL counts positions in characters, JavaScript strings in UTF-16 units: origin maps one to the other.
  let body = '';
  const origin: number[] = []; // for each character of body, its UTF-16 index in sql
  const copy = (from: number, to: number) => {
    let index = from;
    for (const char of sql.slice(from, to)) {
      origin.push(index);
      index += char.length;
    }
    body += sql.slice(from, to);
  };
  let last = 0;
  for (const match of sql.matchAll(INPUT_PLACEHOLDER)) {
    copy(last, match.index);
    const name = ident(match[1] as string); // ASCII: one unit per character
    for (let i = 0; i < name.length; i += 1) origin.push(match.index);
    body += name;
    last = match.index + match[0].length;
  }
  copy(last, sql.length);
  const headLength = [...head].length;
  return {
    author: sql,
    text: `${head}${body}\n) AS q`,
    authorIndex: (position) => origin[position - 1 - headLength],
  };
}
