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
 * Readies `table` for appending by `attempt` (an activity id and attempt number), which from now on owns it. Given the rows a previous attempt
 * committed (from its heartbeat), drops anything past them and returns that count; otherwise, or when the
 * table is gone or short (crash recovery empties UNLOGGED tables), starts an empty table and returns 0.
 */
export async function prepareStaging(
  pool: Pool,
  table: string,
  attempt: string,
  committedRows?: number,
): Promise<number> {
  return inTransaction(pool, table, async (client) => {
    let kept = 0;
    const exists = await client.query('SELECT to_regclass($1) AS oid', [`${STAGING_SCHEMA}.${table}`]);
    if (committedRows !== undefined && exists.rows[0]?.oid !== null) {
      await client.query(`DELETE FROM ${qualified(table)} WHERE _sluice_row > $1`, [committedRows]);
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(table)}`);
      if (Number(rows[0]?.n) === committedRows) kept = committedRows;
    }
    if (kept === 0)
      await client.query(`DROP TABLE IF EXISTS ${qualified(table)}; ${createStagingSql(qualified(table))}`);
    await client.query(`COMMENT ON TABLE ${qualified(table)} IS ${literal(ownerMark(attempt))}`);
    return kept;
  });
}

/**
 * Appends one page after row `committedRows`, in one transaction with `alongside` (the page's quarantined
 * records, say), so both land or neither; returns the new total. Refused when a later attempt has taken
 * the table over (this one outlived its heartbeat timeout and is being replaced), so two never both append.
 */
export async function appendStaging(
  pool: Pool,
  table: string,
  attempt: string,
  rows: unknown[],
  committedRows: number,
  alongside?: (client: PoolClient) => Promise<void>,
): Promise<number> {
  if (rows.length === 0 && !alongside) return committedRows;
  return inTransaction(pool, table, async (client) => {
    const { rows: marks } = await client.query<{ owner: string | null }>(
      `SELECT obj_description(to_regclass($1), 'pg_class') AS owner`,
      [`${STAGING_SCHEMA}.${table}`],
    );
    if (marks[0]?.owner !== ownerMark(attempt))
      throw new StagingTakenOverError(
        `staging table ${table} now belongs to ${marks[0]?.owner ?? 'no attempt'}, not attempt ${attempt}: this attempt was replaced and stops`,
      );
    if (rows.length > 0)
      await pipeline(
        Readable.from(
          copyChunks([rows], committedRows + 1, () => undefined),
          { objectMode: false },
        ),
        client.query(copyFrom(`COPY ${qualified(table)} (_sluice_row, data) FROM STDIN`)),
      );
    await alongside?.(client);
    return committedRows + rows.length;
  });
}

/** An attempt that went on after a later one took its staging table over; the server ignores its result. */
export class StagingTakenOverError extends Error {
  override name = 'StagingTakenOverError';
}

const ownerMark = (attempt: string) => `sluice: appended by attempt ${attempt}`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Runs `work` in one transaction that holds the table's append lock, so an owner check and its write are one. */
async function inTransaction<T>(
  pool: Pool,
  table: string,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `sluice_staging_append:${table}`,
    ]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
