// Streams a staging table's rows back in input order with COPY TO: bounded memory, no message per row.
import type { Pool } from 'pg';
import { to as copyTo, type CopyToStreamQuery } from 'pg-copy-streams';
import { ident } from '../db/identifiers';
import { CopyRowParser } from './copy-rows';
import { STAGING_SCHEMA } from './staging-name';

/** One staged row: its position in the input and its values. */
export interface StagedRow {
  rowNumber: number;
  data: Record<string, unknown>;
}

/**
 * Yields the rows of `table` ordered by input position, in batches of `batchSize` (the last may be
 * shorter): a promise per row would cost more than the row's own work. COPY streams the rows in big
 * chunks, where a cursor's FETCH costs a protocol message and a row object per row.
 */
export async function* readStagingBatches(
  pool: Pool,
  table: string,
  batchSize = 2000,
): AsyncGenerator<StagedRow[]> {
  const source = `${ident(STAGING_SCHEMA)}.${ident(table)}`;
  const client = await pool.connect();
  let copy: CopyToStreamQuery | undefined;
  let finished = false;
  try {
    // One COPY serves the whole read at the consumer's pace; a role's statement_timeout would cut it off.
    await client.query('SET statement_timeout = 0');
    copy = client.query(
      copyTo(`COPY (SELECT _sluice_row, data::jsonb FROM ${source} ORDER BY _sluice_row) TO STDOUT`),
    );
    const parser = new CopyRowParser();
    let batch: StagedRow[] = [];
    for await (const chunk of copy) {
      for (const row of parser.push(chunk as Buffer)) {
        batch.push(row);
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    parser.end();
    if (batch.length > 0) yield batch;
    await client.query('RESET statement_timeout');
    finished = true;
  } finally {
    // A consumer that stopped early (a cancelled step) leaves the COPY running: closing the connection
    // stops it at once, where draining it would keep the caller waiting; pg then fails the COPY with
    // "Connection terminated". A socket error after CopyDone would also reach the ended stream. Nobody
    // listens for either any more.
    copy?.on('error', () => undefined);
    client.release(!finished);
  }
}
