// Streams a postgres source's rows: its query in a read-only transaction, fetched through a cursor in batches.
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { PostgresSource } from '../../../core/fetch/source-spec';
import { ExactNumber } from '../../exact-json';
import { redactError } from '../http/redactor';
import type { TemplateValues } from '../http/render-template';
import { queryValues } from './query-values';
import { sourceDatabase } from './source-database';
import { connectFailure, queryFailure } from './source-failure';
import { SOURCE_VALUE_TYPES } from './source-value-types';

const DEFAULT_BATCH_SIZE = 1000;
const CONNECT_TIMEOUT_MS = 10_000;

export interface PostgresRowsOptions extends TemplateValues {
  /** Where source.urlEnv is read; usually process.env. */
  env: Record<string, string | undefined>;
  /** Activity cancellation: closes the connection, even while the query is still working on its first row. */
  signal?: AbortSignal;
  /** Filled with the columns that held numeric or bigint values, which are yielded as their exact text. */
  numberColumns?: Set<string>;
}

/**
 * The rows of source.query, `batchSize` at a time from a server-side cursor. Terminal problems throw
 * PostgresSourceError (or the HttpSourceError of a bad placeholder); an unreachable server throws a plain,
 * retryable error. No message holds the URL or its password.
 */
export async function* postgresRows(
  source: PostgresSource,
  options: PostgresRowsOptions,
): AsyncGenerator<Record<string, unknown>> {
  const db = sourceDatabase(source.urlEnv, options.env);
  const values = queryValues(source, options);
  const client = new pg.Client({
    connectionString: db.url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'sluice',
  });
  client.on('error', () => undefined); // a dropped connection also fails the query in progress, which reports it
  const close = () => client.end().catch(() => undefined);
  const abort = () => void close();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    try {
      await client.connect();
    } catch (err) {
      throw connectFailure(err, db);
    }
    try {
      await client.query('BEGIN TRANSACTION READ ONLY'); // least privilege, whatever the user may do
      const rows = client.query(
        new QueryStream(source.query, values, {
          batchSize: source.batchSize ?? DEFAULT_BATCH_SIZE,
          types: SOURCE_VALUE_TYPES,
        }),
      );
      const numberColumns = options.numberColumns ?? new Set<string>();
      for await (const row of rows) yield withNumberText(row as Record<string, unknown>, numberColumns);
    } catch (err) {
      throw queryFailure(err, source.query);
    }
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw redactError(err, db.redact);
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await close();
  }
}

/** numeric and bigint values as their exact text (what staging keeps), their columns noted in `columns`. */
function withNumberText(row: Record<string, unknown>, columns: Set<string>): Record<string, unknown> {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (!(value instanceof ExactNumber)) continue;
    row[key] = value.text;
    columns.add(key);
  }
  return row;
}
