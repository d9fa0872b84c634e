// The page-by-page staging appender on real PostgreSQL: resumes after committed rows, and an attempt that a later
// one took over can no longer append, so two attempts of one fetch never both write its table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  appendStaging,
  prepareStaging,
  StagingTakenOverError,
} from '../../activities/staging/staging-appender';
import { STAGING_SCHEMA } from '../../activities/staging/staging-name';
import { useTestDatabase, type TestDatabase } from '../support/test-database';

const db: TestDatabase = useTestDatabase();

const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ n: from + i }));

async function staged(table: string): Promise<number[]> {
  const { rows } = await db.pool.query<{ n: number }>(
    `SELECT (data->>'n')::int AS n FROM ${STAGING_SCHEMA}.${table} ORDER BY _sluice_row`,
  );
  return rows.map((r) => r.n);
}

test('a retried attempt keeps the committed pages and drops what came after them', async () => {
  const table = 'appender_resume';
  let rows = await prepareStaging(db.pool, table, '1#1');
  rows = await appendStaging(db.pool, table, '1#1', page(1, 3), rows);
  rows = await appendStaging(db.pool, table, '1#1', page(4, 3), rows);
  assert.equal(rows, 6);
  // The heartbeat had recorded 3 rows: the second page is read again.
  const kept = await prepareStaging(db.pool, table, '1#2', 3);
  assert.equal(kept, 3);
  await appendStaging(db.pool, table, '1#2', page(4, 3), kept);
  assert.deepEqual(await staged(table), [1, 2, 3, 4, 5, 6]);
});

test('an attempt that went on after a later one took the table over is refused and writes nothing', async () => {
  const table = 'appender_taken_over';
  let first = await prepareStaging(db.pool, table, '7#1');
  first = await appendStaging(db.pool, table, '7#1', page(1, 2), first);
  // Attempt 1 outlived its heartbeat timeout: attempt 2 resumes from the 2 rows it heartbeated.
  let second = await prepareStaging(db.pool, table, '7#2', 2);
  await assert.rejects(appendStaging(db.pool, table, '7#1', page(3, 2), first), StagingTakenOverError);
  second = await appendStaging(db.pool, table, '7#2', page(3, 2), second);
  assert.deepEqual(await staged(table), [1, 2, 3, 4]);
  assert.equal(second, 4);
  // Nor does the stale attempt's quarantine (written alongside) land.
  let wrote = false;
  await assert.rejects(
    appendStaging(db.pool, table, '7#1', [], first, async () => {
      wrote = true;
    }),
    StagingTakenOverError,
  );
  assert.equal(wrote, false);
});

test('a table that crash recovery emptied starts again from nothing for the new owner', async () => {
  const table = 'appender_emptied';
  let rows = await prepareStaging(db.pool, table, '9#1');
  rows = await appendStaging(db.pool, table, '9#1', page(1, 4), rows);
  await db.pool.query(`TRUNCATE ${STAGING_SCHEMA}.${table}`);
  const kept = await prepareStaging(db.pool, table, '9#2', rows);
  assert.equal(kept, 0);
  await appendStaging(db.pool, table, '9#2', page(1, 4), kept);
  assert.deepEqual(await staged(table), [1, 2, 3, 4]);
});
