// Checks that a staging table still holds what its reference promises (UNLOGGED tables empty on crash).
import type { Pool } from 'pg';
import type { DatasetRef, StepInput } from '../../core/run/run-types';
import { ident } from '../db/identifiers';
import { terminalFailure } from '../step-failure';
import { STAGING_SCHEMA } from './staging-name';

/** Throws SluiceStagingLost when the table is gone or holds fewer rows, so the producer re-runs. */
export async function assertStagingIntact(pool: Pool, ref: DatasetRef, input: StepInput): Promise<void> {
  const rows = await countRows(pool, ref.table);
  if (rows !== ref.rows) {
    throw terminalFailure(
      'SluiceStagingLost',
      input,
      `staging table ${ref.table} holds ${rows < 0 ? 'nothing (it is gone)' : `${rows} rows`}, expected ${ref.rows}`,
      'Sluice re-runs the step that produced it',
    );
  }
}

/** Rows in a staging table, or -1 when the table does not exist. */
async function countRows(pool: Pool, table: string): Promise<number> {
  const exists = await pool.query('SELECT to_regclass($1) AS oid', [`${STAGING_SCHEMA}.${table}`]);
  if (exists.rows[0]?.oid === null) return -1;
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${ident(STAGING_SCHEMA)}.${ident(table)}`,
  );
  return Number(rows[0]?.n);
}
