// The load tests' database, and what they observe of it: a harness per target, columns, indexes, table snapshots.
import type { LoadTarget } from '../../core/load/load-target';
import { LoadHarness, loadPipeline, select } from '../support/load-harness';
import { useTestDatabase, type TestDatabase } from '../support/test-database';

/** For a test file: one database (`setUp` runs on it first), and the load harnesses and table probes that use it. */
export function useLoadDatabase(setUp?: (db: TestDatabase) => Promise<void>) {
  const db = useTestDatabase(setUp);

  const harness = (name: string, target: LoadTarget) => new LoadHarness(db, loadPipeline(name, target));

  /** Column name, type (with modifiers) and NOT NULL of a table, in order. */
  const columnsOf = (table: string) =>
    select(
      db,
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null
         FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [table],
    );

  /** Index names and definitions of a table. */
  const indexesOf = (table: string) =>
    select(
      db,
      `SELECT indexname AS name, regexp_replace(indexdef, '^.*? USING ', '') AS def
         FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`,
      [table],
    );

  /** Everything a test can observe of a table: its rows, in a stable order, as text. */
  const snapshot = async (table: string) => ({
    columns: await columnsOf(table),
    rows: await select(db, `SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`),
  });

  /** A harness loading (id, name) rows into `table` in `mode`, keyed by id for merge. */
  const people = (pipeline: string, table: string, mode: 'append' | 'merge' | 'replace') =>
    new LoadHarness(
      db,
      loadPipeline(pipeline, {
        table,
        mode,
        ...(mode === 'merge' ? { key: ['id'] } : {}),
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'name', type: 'text' },
        ],
      }),
    );

  return { db, harness, columnsOf, indexesOf, snapshot, people };
}
