// Drops the staging tables of one run, and sweeps those that crashed runs left behind.
import type { Pool } from 'pg';
import { ident } from '../db/identifiers';
import { runStagingPrefix, STAGING_SCHEMA } from './staging-name';

/** Drops every staging table of the run (or its scratch tables in another schema); returns how many it dropped. */
export async function dropRunStaging(
  pool: Pool,
  workflowId: string,
  runId: string,
  schema = STAGING_SCHEMA,
): Promise<number> {
  const prefix = runStagingPrefix(workflowId, runId);
  const { rows } = await pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = $1 AND starts_with(tablename, $2)`,
    [schema, `${prefix}_`],
  );
  for (const { name } of rows) {
    await pool.query(`DROP TABLE IF EXISTS ${ident(schema)}.${ident(name)}`);
  }
  return rows.length;
}
