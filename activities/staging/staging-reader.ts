// Streams a staging table's rows back in input order with a server-side cursor: bounded memory.
import type { Pool } from 'pg';
import QueryStream from 'pg-query-stream';
import { ident } from '../db/identifiers';
import { STAGING_SCHEMA } from './staging-name';

/** One staged row: its position in the input and its values. */
export interface StagedRow {
  rowNumber: number;
  data: Record<string, unknown>;
}

/** Yields the rows of `table` ordered by input position, `batchSize` fetched at a time. */
export async function* readStaging(pool: Pool, table: string, batchSize = 2000): AsyncGenerator<StagedRow> {
  const client = await pool.connect();
  try {
    const stream = client.query(
      new QueryStream(
        `SELECT _sluice_row AS "rowNumber", data FROM ${ident(STAGING_SCHEMA)}.${ident(table)} ORDER BY _sluice_row`,
        [],
        { batchSize },
      ),
    );
    for await (const row of stream) {
      const staged = row as { rowNumber: string; data: Record<string, unknown> };
      yield { rowNumber: Number(staged.rowNumber), data: staged.data };
    }
  } finally {
    client.release();
  }
}
