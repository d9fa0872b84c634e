// Names of a target's parts: its schema and table, and deterministic names for what Sluice creates on it.
import { createHash } from 'node:crypto';
import { tableIdent } from '../db/identifiers';

/** PostgreSQL truncates identifiers beyond 63 bytes; Sluice names never rely on that. */
const MAX_NAME = 63;

export interface TargetName {
  schema: string;
  table: string;
  /** `"schema"."table"`, checked and quoted. */
  quoted: string;
}

/** Splits `schema.table` (or `table`, in `public`) and quotes it. */
export function targetName(name: string): TargetName {
  const [schema, table] = name.includes('.') ? name.split('.') : ['public', name];
  return { schema: schema as string, table: table as string, quoted: tableIdent(name) };
}

const shortHash = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * `<table>_<suffix>`, or, when that is longer than 63 characters, its first 54 characters, `_` and
 * 8 hex digits of its hash: stable across runs, distinct for distinct inputs, never truncated by PostgreSQL.
 */
export function relationName(table: string, suffix: string): string {
  const name = `${table}_${suffix}`;
  if (name.length <= MAX_NAME) return name;
  return `${name.slice(0, MAX_NAME - 9)}_${shortHash(name, 8)}`;
}

/** The deterministic name of an index on `columns` (in order). */
export const indexName = (table: string, columns: readonly string[]) =>
  relationName(table, `${columns.join('_')}_idx`);

/** The primary key's name (PostgreSQL's own convention, made deterministic when long). */
export const primaryKeyName = (table: string) => relationName(table, 'pkey');

/** A history target's unique index on the key among current rows. */
export const currentKeyName = (table: string) => relationName(table, 'current_key');
