// A target's indexes: the ones it has, the ones the step declares (created when missing), and key checks.
import type { LoadTarget } from '../../core/load/load-target';
import { ident } from '../db/identifiers';
import { columnIdent } from './column-ident';
import { indexName, type TargetName } from './target-name';
import type { Queryable } from './write-context';

export interface ExistingIndex {
  name: string;
  unique: boolean;
  /** Key columns in order; empty entries stand for expressions. */
  columns: string[];
  /** The predicate of a partial index (`is_current`), or null. */
  predicate: string | null;
}

/** The indexes of a table, by name. */
export async function listIndexes(client: Queryable, quoted: string): Promise<ExistingIndex[]> {
  const { rows } = await client.query<ExistingIndex>(
    `SELECT c.relname AS name, i.indisunique AS unique,
            pg_get_expr(i.indpred, i.indrelid) AS predicate,
            ARRAY(SELECT coalesce(a.attname::text, '')
                    FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.n) AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = to_regclass($1)
      ORDER BY c.relname`,
    [quoted],
  );
  return rows;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((c) => b.includes(c));

/** A unique index on exactly `key` (any order), partial only with `predicate`: what ON CONFLICT needs. */
export function findUniqueIndex(
  indexes: readonly ExistingIndex[],
  key: readonly string[],
  predicate: string | null = null,
): ExistingIndex | undefined {
  return indexes.find((i) => i.unique && i.predicate === predicate && sameSet(i.columns, key));
}

/** Declared indexes, plus one on the partition column for `replace-partition` (its DELETE uses it). */
export function wantedIndexes(target: LoadTarget): string[][] {
  const wanted = [...(target.indexes ?? [])];
  const partition = target.partitionColumn;
  if (target.mode === 'replace-partition' && partition && !wanted.some((cols) => cols[0] === partition)) {
    if (target.key?.[0] !== partition) wanted.push([partition]);
  }
  return wanted;
}

/**
 * Creates each wanted index the table lacks, named `indexName(table, columns)`; an existing index
 * on the same columns in the same order counts, whatever its name. Returns the names created.
 */
export async function ensureIndexes(
  client: Queryable,
  table: TargetName,
  wanted: readonly string[][],
): Promise<string[]> {
  const existing = await listIndexes(client, table.quoted);
  const created: string[] = [];
  for (const columns of wanted) {
    if (existing.some((i) => i.predicate === null && i.columns.join(',') === columns.join(','))) continue;
    const name = indexName(table.table, columns);
    await client.query(
      `CREATE INDEX IF NOT EXISTS ${ident(name)} ON ${table.quoted} (${columns.map(columnIdent).join(', ')})`,
    );
    created.push(name);
  }
  return created;
}
