// readStagingBatches: every row once, in input order, in batches; a consumer that stops early frees its connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { readStagingBatches, type StagedRow } from '../../activities/staging/staging-reader';
import { writeStaging } from '../../activities/staging/staging-writer';
import { useTestDatabase, type TestDatabase } from '../support/test-database';

const db: TestDatabase = useTestDatabase();

const ROWS = 2500;

async function stage(table: string): Promise<void> {
  async function* rows() {
    for (let n = 1; n <= ROWS; n += 1) yield { n };
  }
  await writeStaging(db.pool, table, rows(), () => undefined);
}

async function readAll(table: string, batchSize: number): Promise<StagedRow[]> {
  const all: StagedRow[] = [];
  for await (const batch of readStagingBatches(db.pool, table, batchSize)) {
    assert.ok(batch.length > 0 && batch.length <= batchSize);
    all.push(...batch);
  }
  return all;
}

function assertInputOrder(rows: StagedRow[]): void {
  assert.equal(rows.length, ROWS);
  rows.forEach((row, i) => assert.deepEqual(row, { rowNumber: i + 1, data: { n: i + 1 } }));
}

test('rows stored in input order come back in batches, each row once', async () => {
  await stage('r_read_in_order');
  assertInputOrder(await readAll('r_read_in_order', 1000));
});

test('rows an update moved to the end of the table still come back in input order', async () => {
  await stage('r_read_moved');
  // An UPDATE writes the new row version where there is room: after row 2500, out of place.
  await db.pool.query(`UPDATE sluice_staging.r_read_moved SET data = data WHERE _sluice_row IN (7, 1500)`);
  assertInputOrder(await readAll('r_read_moved', 1000));
});

test('a table that stores its rows backwards comes back in input order', async () => {
  await db.pool.query(`CREATE UNLOGGED TABLE sluice_staging.r_read_backwards AS
    SELECT n::bigint AS _sluice_row, jsonb_build_object('n', n) AS data FROM generate_series(${ROWS}, 1, -1) AS n`);
  assertInputOrder(await readAll('r_read_backwards', 700));
});

test('a consumer that stops early hands the connection back', async () => {
  await stage('r_read_early_stop');
  for await (const batch of readStagingBatches(db.pool, 'r_read_early_stop', 100)) {
    assert.equal(batch[0]?.rowNumber, 1);
    break;
  }
  assert.equal(db.pool.idleCount, db.pool.totalCount);
});

test('values with escapes, control characters and multibyte text come back as written', async () => {
  const tricky = [
    { text: 'back\\slash \\\\ "quoted" tab\there new\nline \\n \u0001 \u007f' },
    { text: `${'é😀'.repeat(40_000)}`, nested: { list: [1, 'two', null, true, { deep: 'ü' }] } },
  ];
  async function* rows() {
    yield* tricky;
  }
  await writeStaging(db.pool, 'r_read_tricky', rows(), () => undefined);
  assert.deepEqual(await readAll('r_read_tricky', 10), [
    { rowNumber: 1, data: tricky[0] },
    { rowNumber: 2, data: tricky[1] },
  ]);
});

test("a slow consumer is not cut off by the role's statement_timeout", async () => {
  // ~20 MB: more than the socket buffers hold, so the COPY runs as long as the consumer takes.
  await db.pool.query(`CREATE UNLOGGED TABLE sluice_staging.r_read_slow AS
    SELECT n::bigint AS _sluice_row, jsonb_build_object('n', n, 'pad', repeat('x', 200)) AS data
    FROM generate_series(1, 100000) AS n`);
  const timed = new Pool({ connectionString: db.url, statement_timeout: 300 });
  try {
    let rows = 0;
    for await (const batch of readStagingBatches(timed, 'r_read_slow', 5000)) {
      rows += batch.length;
      await sleep(100);
    }
    assert.equal(rows, 100000);
    const { rows: settings } = await timed.query<{ statement_timeout: string }>('SHOW statement_timeout');
    assert.equal(settings[0]?.statement_timeout, '300ms', 'the connection went back with its own timeout');
  } finally {
    await timed.end();
  }
});
