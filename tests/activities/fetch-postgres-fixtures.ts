// The postgres source tests' databases: Sluice's, and orders_source beside it that the source reads; fetch helpers.
import { after, before } from 'node:test';
import type { MockActivityEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { createFetch } from '../../activities/fetch/fetch-activity';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import type { StepInput, StepResult } from '../../core/run/run-types';
import type { PostgresSource } from '../../core/fetch/source-spec';
import type { IncrementalSpec } from '../../core/pipeline/step-definitions';
import { runActivity } from '../support/run-activity';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const URL_ENV = 'SLUICE_TEST_ORDERS_DB_URL';

/** Sluice's database, a pool on orders_source and its URL: set by useOrdersSource() before the file's tests. */
export let db: TestDatabase;
export let source: pg.Pool;
export let sourceUrl: URL;
let runs = 0;

/** For a test file: Sluice's database with an orders_source database of five orders, started before its tests. */
export function useOrdersSource(): void {
  before(async () => {
    db = await startTestDatabase();
    await db.pool.query('DROP DATABASE IF EXISTS orders_source');
    await db.pool.query('CREATE DATABASE orders_source');
    sourceUrl = new URL(db.url);
    sourceUrl.pathname = '/orders_source';
    process.env[URL_ENV] = sourceUrl.href;
    source = new pg.Pool({ connectionString: sourceUrl.href });
    await source.query(`
      CREATE TABLE orders (
        id bigint PRIMARY KEY, customer text, amount numeric(10, 2), qty int, placed_on date,
        updated_at timestamptz, local_at timestamp, tags text[], meta jsonb, paid boolean, code bytea
      );
      INSERT INTO orders VALUES
        (9007199254740993, 'C001', 12.50, 3, '2026-11-01', '2026-11-01 08:30:00.123456+02', '2026-11-01 08:30:00',
         '{a,b}', '{"channel": "web", "n": [1, 2]}', true, '\\x0102'),
        (2, 'C002', 0.10, 1, '2026-11-02', '2026-11-02 00:00:00+00', '2026-11-02 23:59:59.5', '{}', NULL, false, NULL),
        (3, 'C001', 100, NULL, NULL, '2026-11-03 00:00:00+00', NULL, NULL, '[]', NULL, NULL),
        (4, 'C003', 7, 1, '2026-11-04', '2026-11-04 00:00:00+00', NULL, NULL, NULL, NULL, NULL),
        (5, 'C004', 8, 1, '2026-11-05', '2026-11-05 00:00:00+00', NULL, NULL, NULL, NULL, NULL);
    `);
  });
  after(async () => {
    await source.end();
    await db.pool.query('DROP DATABASE IF EXISTS orders_source WITH (FORCE)');
    delete process.env[URL_ENV];
    await db.stop();
  });
}

export function pipeline(spec: Partial<PostgresSource>, incremental?: IncrementalSpec) {
  return definePipeline({
    name: 'orders_db',
    description: 'orders from another database',
    owner: 'tests',
    steps: [
      {
        kind: 'fetch',
        id: 'fetch_orders_db',
        source: { kind: 'postgres', urlEnv: URL_ENV, query: 'SELECT * FROM orders ORDER BY id', ...spec },
        ...(incremental ? { incremental } : {}),
      },
    ],
  });
}

function input(options: { params?: Record<string, string>; partition?: string } = {}): StepInput {
  runs += 1;
  return {
    pipeline: 'orders_db',
    step: 'fetch_orders_db',
    workflowId: 'sluice/orders_db/manual-1',
    runId: `run-${runs}`,
    params: options.params ?? {},
    ...(options.partition ? { partition: options.partition } : {}),
    definitionHash: 'h',
    inputs: {},
  };
}

export function fetch(
  spec: Partial<PostgresSource>,
  options: Parameters<typeof input>[0] = {},
  incremental?: IncrementalSpec,
  env?: MockActivityEnvironment,
): Promise<StepResult> {
  const definition = pipeline(spec, incremental);
  const activity = createFetch({
    pool: db.pool,
    catalog: new Map([[definition.name, definition]]),
    baseDir: '.',
  });
  return runActivity(activity, [input(options)], env);
}

export async function staged(result: StepResult): Promise<Record<string, unknown>[]> {
  const { rows } = await db.pool.query(
    `SELECT data FROM sluice_staging.${result.output!.table} ORDER BY _sluice_row`,
  );
  return rows.map((r: { data: Record<string, unknown> }) => r.data);
}

/** The failure a fetch raises: whether it is terminal, its type and message. */
export async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    const e = err as { nonRetryable?: boolean; type?: string; message: string };
    return { terminal: e.nonRetryable === true, type: e.type, message: e.message };
  }
  throw new Error('the fetch succeeded, but the test expected it to fail');
}
