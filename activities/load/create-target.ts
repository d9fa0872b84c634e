// Creates a missing target from the step's declaration: typed columns, Sluice's columns, key and indexes.
import type { LoadTarget } from '../../core/load/load-target';
import { ident } from '../db/identifiers';
import { columnIdent } from './column-ident';
import { currentKeyName, primaryKeyName, type TargetName } from './target-name';
import { neededColumns } from './target-shape';
import type { Queryable } from './write-context';

/**
 * Creates `where` (its schema too, when missing), with deterministic constraint and index names.
 * The primary key is the key; for `history` it is the key plus `valid_from`, and a unique index on the
 * key among current rows keeps one current version per key.
 */
export async function createTarget(client: Queryable, target: LoadTarget, where: TargetName): Promise<void> {
  const schema = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [where.schema]);
  if (schema.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(where.schema)}`);
  const key = (target.key ?? []).map(ident);
  const history = target.mode === 'history';
  const primaryKey = history ? [...key, ident('valid_from')] : key;
  const columns = neededColumns(target).map(
    (c) => `${columnIdent(c.name)} ${c.sqlType}${c.notNull ? ' NOT NULL' : ''}`,
  );
  const constraints = primaryKey.length
    ? [`CONSTRAINT ${ident(primaryKeyName(where.table))} PRIMARY KEY (${primaryKey.join(', ')})`]
    : [];
  await client.query(`CREATE TABLE ${where.quoted} (${[...columns, ...constraints].join(', ')})`);
  if (history) {
    await client.query(
      `CREATE UNIQUE INDEX ${ident(currentKeyName(where.table))} ON ${where.quoted} (${key.join(', ')}) WHERE is_current`,
    );
  }
}
