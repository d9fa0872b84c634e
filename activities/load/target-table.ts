// Creates a load's target table when missing, and refuses one whose shape does not fit the step.
import type { PoolClient } from 'pg';
import type { LoadTarget } from '../../core/load-target';
import { ident, tableIdent } from '../db/identifiers';
import { SQL_TYPES } from './column-sql';

/** Metadata columns on every target: which run wrote a row, and when. */
export const METADATA_COLUMNS = ['_sluice_run_id', '_sluice_loaded_at'] as const;

/** Columns the target lacks; empty when it has them all. Creates the table if it does not exist. */
export async function ensureTargetTable(client: PoolClient, target: LoadTarget): Promise<string[]> {
  const table = tableIdent(target.table);
  const columns = target.columns.map((c) => `${ident(c.name)} ${SQL_TYPES[c.type]}`);
  const primaryKey = target.key?.length ? [`PRIMARY KEY (${target.key.map(ident).join(', ')})`] : [];
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${table} (${[
      ...columns,
      '_sluice_run_id text NOT NULL',
      '_sluice_loaded_at timestamptz NOT NULL',
      ...primaryKey,
    ].join(', ')})`,
  );
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [table],
  );
  const present = new Set(rows.map((r) => r.name));
  return [...target.columns.map((c) => c.name), ...METADATA_COLUMNS].filter((name) => !present.has(name));
}
