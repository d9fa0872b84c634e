// Streams a staging table's rows back in input order with a server-side cursor: bounded memory.
import type { PoolClient, Pool } from 'pg';
import { ident } from '../db/identifiers';
import { STAGING_SCHEMA } from './staging-name';

/** One staged row: its position in the input and its values. */
export interface StagedRow {
  rowNumber: number;
  data: Record<string, unknown>;
}

/**
 * Yields the rows of `table` ordered by input position, in batches of up to `batchSize` (one FETCH each):
 * a promise per row would cost more than the row's own work.
 */
export async function* readStagingBatches(
  pool: Pool,
  table: string,
  batchSize = 2000,
): AsyncGenerator<StagedRow[]> {
  const source = `${ident(STAGING_SCHEMA)}.${ident(table)}`;
  const client = await pool.connect();
  let finished = false;
  try {
    await client.query('BEGIN');
    await client.query(
      `DECLARE sluice_staged NO SCROLL CURSOR FOR SELECT _sluice_row, data FROM ${source} ORDER BY _sluice_row`,
    );
    for (;;) {
      const batch = await fetchBatch(client, 'sluice_staged', batchSize);
      if (batch.length === 0) break;
      yield batch;
    }
    await client.query('COMMIT');
    finished = true;
  } finally {
    // A consumer that stopped early (a cancelled step) or a failed query leaves the transaction open:
    // closing the connection rolls it back at once, where a ROLLBACK would keep the caller waiting.
    client.release(!finished);
  }
}

async function fetchBatch(client: PoolClient, cursor: string, size: number): Promise<StagedRow[]> {
  const { rows } = await client.query<[string, Record<string, unknown>]>({
    text: `FETCH ${size} FROM ${cursor}`,
    rowMode: 'array',
  });
  return rows.map(([rowNumber, data]) => ({ rowNumber: Number(rowNumber), data }));
}
