// The columns a SQL transform sees for one input: every key any of its rows has.
import type { ClientBase } from 'pg';
import { ident } from '../db/identifiers';
import { STAGING_SCHEMA } from '../staging/staging-name';

/** Distinct keys over all rows (one pass over the table), in a stable byte order. */
export async function inputColumns(client: ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ key: string }>(
    `SELECT key FROM ${ident(STAGING_SCHEMA)}.${ident(table)}, jsonb_object_keys(data) AS key
      WHERE jsonb_typeof(data) = 'object' GROUP BY key ORDER BY key COLLATE "C"`,
  );
  return rows.map((r) => r.key);
}
