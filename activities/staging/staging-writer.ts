// Streams rows into a fresh UNLOGGED staging table with COPY, inside one transaction.
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ident } from '../db/identifiers';
import { STAGING_SCHEMA } from './staging-name';

/** The one shape of every staging table: input position and the row as jsonb. */
export const createStagingSql = (qualified: string) =>
  `CREATE UNLOGGED TABLE ${qualified} (_sluice_row bigint NOT NULL, data jsonb NOT NULL)`;

/** Called every `every` rows, so long copies can heartbeat their progress. */
export type ProgressCallback = (rowsSoFar: number) => void;

/** COPY text format treats backslash as an escape; JSON text has no raw tabs or newlines. */
export const copyLine = (rowNumber: number, row: unknown) =>
  `${rowNumber}\t${JSON.stringify(row).replaceAll('\\', '\\\\')}\n`;

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
    await client.query(
      `CREATE UNLOGGED TABLE ${qualified} (_sluice_row bigint NOT NULL, data jsonb NOT NULL)`,
    );
    const toCopyLines = new Transform({
      writableObjectMode: true,
      transform(row: unknown, _enc, done) {
        count += 1;
        if (count % 5000 === 0) onProgress(count);
        done(null, copyLine(count, row));
      },
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
