// Builds a staging table page by page, each page its own commit, so a retried fetch resumes where it was.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ident } from '../db/identifiers';
import { STAGING_SCHEMA } from './staging-name';
import { copyChunks } from './copy-chunks';
import { createStagingSql } from './staging-writer';

const qualified = (table: string) => `${ident(STAGING_SCHEMA)}.${ident(table)}`;

/**
 * Readies `table` for appending. Given the rows a previous attempt committed (from its heartbeat),
 * drops anything past them and returns that count; otherwise, or when the table is gone or short
 * (crash recovery empties UNLOGGED tables), starts an empty table and returns 0.
 */
export async function prepareStaging(pool: Pool, table: string, committedRows?: number): Promise<number> {
  if (committedRows !== undefined) {
    const exists = await pool.query('SELECT to_regclass($1) AS oid', [`${STAGING_SCHEMA}.${table}`]);
    if (exists.rows[0]?.oid !== null) {
      await pool.query(`DELETE FROM ${qualified(table)} WHERE _sluice_row > $1`, [committedRows]);
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(table)}`);
      if (Number(rows[0]?.n) === committedRows) return committedRows;
    }
  }
  await pool.query(`DROP TABLE IF EXISTS ${qualified(table)}; ${createStagingSql(qualified(table))}`);
  return 0;
}

/**
 * Appends one page after row `committedRows`, in one transaction with `alongside` (the page's quarantined
 * records, say), so both land or neither; returns the new total.
 */
export async function appendStaging(
  pool: Pool,
  table: string,
  rows: unknown[],
  committedRows: number,
  alongside?: (client: PoolClient) => Promise<void>,
): Promise<number> {
  if (rows.length === 0 && !alongside) return committedRows;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (rows.length > 0)
      await pipeline(
        Readable.from(
          copyChunks([rows], committedRows + 1, () => undefined),
          { objectMode: false },
        ),
        client.query(copyFrom(`COPY ${qualified(table)} (_sluice_row, data) FROM STDIN`)),
      );
    await alongside?.(client);
    await client.query('COMMIT');
    return committedRows + rows.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
