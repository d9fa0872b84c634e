// Materializes a SQL transform in PostgreSQL: its SELECT over the inputs becomes the output staging table.
import { Context } from '@temporalio/activity';
import type { Pool, QueryConfig } from 'pg';
import type { DatasetRef, StepInput } from '../../core/run/run-types';
import { ident } from '../db/identifiers';
import { STAGING_SCHEMA } from '../staging/staging-name';
import { createStagingSql } from '../staging/staging-writer';
import { cancelOnAbort } from './cancel-on-abort';
import { composeSql, type SqlRelation } from './compose-sql';
import { inputColumns } from './input-columns';
import { sqlFailure } from './sql-failure';

/** One statement runs for long without progress to report; heartbeats carry cancellation to it (the SDK throttles them). */
const HEARTBEAT_MS = 1_000;

/**
 * Drops, creates and fills the output in ONE transaction: a failed or cancelled attempt leaves no output.
 * Every statement is bounded by the attempt's start-to-close timeout, so PostgreSQL stops when Temporal
 * would give up. Returns the rows written.
 */
export async function transformSql(
  pool: Pool,
  input: StepInput,
  sql: string,
  inputs: Map<string, DatasetRef>,
  table: string,
): Promise<number> {
  const context = Context.current();
  const signal = context.cancellationSignal;
  const timeoutMs = context.info.startToCloseTimeoutMs;
  const output = `${ident(STAGING_SCHEMA)}.${ident(table)}`;
  const client = await pool.connect();
  const heartbeat = setInterval(() => context.heartbeat(), HEARTBEAT_MS);
  let disarm: (() => Promise<void>) | undefined;
  let broken = false;
  try {
    disarm = await cancelOnAbort(pool, client, signal);
    await client.query('BEGIN');
    await client.query(`SELECT set_config('statement_timeout', $1, true)`, [String(timeoutMs)]);
    const relations: SqlRelation[] = [];
    for (const [step, ref] of inputs) {
      relations.push({ step, table: ref.table, columns: await inputColumns(client, ref.table) });
    }
    const composed = composeSql(sql, relations, table);
    await client.query(`DROP TABLE IF EXISTS ${output}`);
    await client.query(createStagingSql(output));
    // The extended protocol takes exactly one statement, whatever the sql's text tries.
    const insert: QueryConfig & { queryMode: 'extended' } = { text: composed.text, queryMode: 'extended' };
    const inserted = await client.query(insert).catch((err: unknown) => {
      throw signal.aborted ? err : sqlFailure(err, input, composed, relations, timeoutMs);
    });
    signal.throwIfAborted();
    await client.query('COMMIT');
    return inserted.rowCount ?? 0;
  } catch (err) {
    // A connection that cannot even roll back is not handed back to the pool.
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    signal.throwIfAborted();
    throw err;
  } finally {
    clearInterval(heartbeat);
    await disarm?.();
    client.release(broken);
  }
}
