// Streams rows into a fresh UNLOGGED staging table with COPY, inside one transaction.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ident } from '../db/identifiers';
import { copyChunks } from './copy-chunks';
import { rowBatches } from './row-batches';
import { STAGING_SCHEMA } from './staging-name';

/** The one shape of every staging table: input position and the row as jsonb. */
export const createStagingSql = (qualified: string) =>
  `CREATE UNLOGGED TABLE ${qualified} (_sluice_row bigint NOT NULL, data jsonb NOT NULL)`;

/** Called every `PROGRESS_EVERY` rows or so, so long copies can heartbeat their progress. */
export type ProgressCallback = (rowsSoFar: number) => void;

const PROGRESS_EVERY = 5000;
const ROWS_PER_BATCH = 1000;

/**
 * Replaces `table` in the staging schema with the given batches of rows (as jsonb, numbered in input
 * order). The table appears only when every row is in: a retry after a crash starts from an empty table.
 */
export async function writeStagingBatches(
  pool: Pool,
  table: string,
  batches: AsyncIterable<readonly unknown[]>,
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
    const chunks = copyChunks(batches, 1, (lastRow) => {
      if (Math.floor(lastRow / PROGRESS_EVERY) > Math.floor(count / PROGRESS_EVERY)) onProgress(lastRow);
      count = lastRow;
    });
    const copy = client.query(copyFrom(`COPY ${qualified} (_sluice_row, data) FROM STDIN`));
    await pipeline(Readable.from(chunks, { objectMode: false }), copy, signal ? { signal } : {});
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

/** {@link writeStagingBatches} for a stream of single rows (a source's records). */
export const writeStaging = (
  pool: Pool,
  table: string,
  rows: AsyncIterable<unknown>,
  onProgress: ProgressCallback,
  signal?: AbortSignal,
) => writeStagingBatches(pool, table, rowBatches(rows, ROWS_PER_BATCH), onProgress, signal);
