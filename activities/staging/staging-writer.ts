// Streams rows into a fresh UNLOGGED staging table with COPY, inside one transaction.
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ident } from '../db/identifiers';
import { copyChunker } from './copy-chunks';
import { STAGING_SCHEMA } from './staging-name';

/** The one shape of every staging table: input position and the row as jsonb. */
export const createStagingSql = (qualified: string) =>
  `CREATE UNLOGGED TABLE ${qualified} (_sluice_row bigint NOT NULL, data jsonb NOT NULL)`;

/** Called every `every` rows, so long copies can heartbeat their progress. */
export type ProgressCallback = (rowsSoFar: number) => void;

/**
 * Replaces `table` in the staging schema with the given rows (as jsonb, numbered in input order).
 * The table appears only when every row is in: a retry after a crash starts from an empty table.
 */
export async function writeStaging(
  pool: Pool,
  table: string,
  rows: AsyncIterable<unknown>,
  onProgress: ProgressCallback,
  signal?: AbortSignal,
): Promise<number> {
  const qualified = `${ident(STAGING_SCHEMA)}.${ident(table)}`;
  const client = await pool.connect();
  let count = 0;
  try {
    await client.query('BEGIN');
    await client.query(`DROP TABLE IF EXISTS ${qualified}`);
    await client.query(createStagingSql(qualified));
    const toCopyLines = copyChunker(1, (rowNumber) => {
      count = rowNumber;
      if (count % 5000 === 0) onProgress(count);
    });
    const copy = client.query(copyFrom(`COPY ${qualified} (_sluice_row, data) FROM STDIN`));
    await pipeline(rows, toCopyLines, copy, signal ? { signal } : {});
    await client.query('COMMIT');
    onProgress(count);
    return count;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
