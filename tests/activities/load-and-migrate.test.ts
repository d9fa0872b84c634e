// The load's exactly-once ledger and the migrations, on real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { migrate } from '../../activities/db/migrate';
import { createLoad } from '../../activities/load/load-activity';
import { runStagingPrefix } from '../../activities/staging/staging-name';
import { sweepStaging } from '../../activities/staging/staging-sweeper';
import { writeStaging } from '../../activities/staging/staging-writer';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import type { StepInput } from '../../core/run/run-types';
import { runActivity } from '../support/run-activity';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase();
});
after(async () => {
  await db.stop();
});

const pipeline = definePipeline({
  name: 'ledger_test',
  description: 'test',
  owner: 'tests',
  steps: [
    { kind: 'fetch', id: 'fetch_rows', source: { kind: 'file', path: 'unused.csv', format: 'csv' } },
    {
      kind: 'load',
      id: 'load_rows',
      input: 'fetch_rows',
      target: {
        table: 'ledger_rows',
        mode: 'append',
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'name', type: 'text' },
        ],
      },
    },
  ],
});

async function* rows(n: number) {
  for (let i = 1; i <= n; i += 1) yield { id: String(i), name: `row ${i}` };
}

/** The load activity over the test database and the one-pipeline catalog above. */
const loadActivity = () => createLoad({ pool: db.pool, catalog: new Map([[pipeline.name, pipeline]]) });

function stepInput(runId: string, table: string, count: number): StepInput {
  return {
    pipeline: 'ledger_test',
    step: 'load_rows',
    workflowId: 'sluice/ledger_test/manual-1',
    runId,
    params: {},
    definitionHash: 'h',
    inputs: { fetch_rows: { table, rows: count } },
  };
}

test('an append load repeated for the same run writes its rows once', async () => {
  const loadRows = loadActivity();
  await writeStaging(db.pool, 'r_test_once', rows(100), () => undefined);
  const first = await runActivity(loadRows, [stepInput('run-a', 'r_test_once', 100)]);
  const again = await runActivity(loadRows, [stepInput('run-a', 'r_test_once', 100)]);
  assert.equal(first.rowsOut, 100);
  assert.equal(again.alreadyLoaded, true);
  assert.equal(again.rowsOut, 100);
  const { rows: counted } = await db.pool.query('SELECT count(*)::int AS n FROM ledger_rows');
  assert.equal(counted[0].n, 100);
});

test('two attempts racing on one load commit it once', async () => {
  const loadRows = loadActivity();
  await writeStaging(db.pool, 'r_test_race', rows(50), () => undefined);
  const results = await Promise.all([
    runActivity(loadRows, [stepInput('run-b', 'r_test_race', 50)]),
    runActivity(loadRows, [stepInput('run-b', 'r_test_race', 50)]),
  ]);
  assert.equal(results.filter((r) => r.alreadyLoaded).length, 1);
  const { rows: counted } = await db.pool.query(
    `SELECT count(*)::int AS n FROM ledger_rows WHERE _sluice_run_id LIKE '%/run-b'`,
  );
  assert.equal(counted[0].n, 50);
});

test('an emptied staging table fails the load with SluiceStagingLost, loading nothing', async () => {
  const loadRows = loadActivity();
  await writeStaging(db.pool, 'r_test_lost', rows(0), () => undefined);
  await assert.rejects(runActivity(loadRows, [stepInput('run-c', 'r_test_lost', 10)]), (err: Error) => {
    assert.equal((err as { type?: string }).type, 'SluiceStagingLost');
    assert.match(err.message, /holds 0 rows, expected 10/);
    return true;
  });
  const { rows: ledger } = await db.pool.query(
    `SELECT count(*)::int AS n FROM sluice.loads WHERE run_id = 'run-c'`,
  );
  assert.equal(ledger[0].n, 0);
});

test('migrations applied again, and by several workers at once, change nothing', async () => {
  const results = await Promise.all([migrate(db.pool), migrate(db.pool), migrate(db.pool)]);
  for (const result of results) assert.deepEqual(result.applied, []);
  const { rows: versions } = await db.pool.query('SELECT count(*)::int AS n FROM sluice.schema_migrations');
  assert.ok(versions[0].n >= 1);
});

test('the sweeper drops staging of finished and unknown runs, keeps that of live ones', async () => {
  await db.pool.query(`INSERT INTO sluice.runs (workflow_id, run_id, pipeline, trigger, status, started_at)
    VALUES ('sluice/p/live', 'r1', 'p', 'manual', 'running', now()),
           ('sluice/p/done', 'r2', 'p', 'manual', 'succeeded', now()),
           ('sluice/p/stuck', 'r3', 'p', 'manual', 'running', now() - interval '30 days')`);
  const live = `${runStagingPrefix('sluice/p/live', 'r1')}_fetch_x`;
  const done = `${runStagingPrefix('sluice/p/done', 'r2')}_fetch_x`;
  const stuck = `${runStagingPrefix('sluice/p/stuck', 'r3')}_fetch_x`;
  for (const table of [live, done, stuck, 'r000000000000_orphan']) {
    await writeStaging(db.pool, table, rows(1), () => undefined);
  }
  const result = await sweepStaging(db.pool, 24);
  assert.equal(result.swept, true);
  const { rows: left } = await db.pool.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'sluice_staging'`,
  );
  const names = left.map((r: { tablename: string }) => r.tablename);
  assert.ok(names.includes(live), 'a live run keeps its staging');
  for (const gone of [done, stuck, 'r000000000000_orphan']) assert.ok(!names.includes(gone), `${gone} swept`);
});

test('the sweeper drops the scratch tables and run rows of abandoned previews, keeps those of live ones', async () => {
  await db.pool
    .query(`INSERT INTO sluice.runs (workflow_id, run_id, pipeline, trigger, status, started_at, preview)
    VALUES ('sluice/p/preview-live', 'r4', 'p', 'manual', 'running', now(), true),
           ('sluice/p/preview-gone', 'r5', 'p', 'manual', 'failed', now(), true),
           ('sluice/p/real', 'r6', 'p', 'manual', 'failed', now(), false)`);
  await db.pool
    .query(`INSERT INTO sluice.quarantine (pipeline, workflow_id, run_id, step, row_number, row, issues)
    VALUES ('p', 'sluice/p/preview-live', 'r4', 'v', 1, '{}', '[]'), ('p', 'sluice/p/preview-gone', 'r5', 'v', 1, '{}', '[]'),
           ('p', 'sluice/p/real', 'r6', 'v', 1, '{}', '[]')`);
  await db.pool.query('CREATE SCHEMA IF NOT EXISTS sluice_preview');
  const live = `${runStagingPrefix('sluice/p/preview-live', 'r4')}_load_x`;
  const gone = `${runStagingPrefix('sluice/p/preview-gone', 'r5')}_load_x`;
  for (const table of [live, gone]) await db.pool.query(`CREATE TABLE sluice_preview.${table} (id int)`);
  const result = await sweepStaging(db.pool, 24);
  assert.deepEqual(result.dropped, [`sluice_preview.${gone}`]);
  assert.equal(result.previewRows, 1);
  const { rows: kept } = await db.pool.query(
    `SELECT run_id FROM sluice.quarantine WHERE run_id IN ('r4', 'r5', 'r6') ORDER BY run_id`,
  );
  assert.deepEqual(
    kept.map((r: { run_id: string }) => r.run_id),
    ['r4', 'r6'],
  );
  const { rows: left } = await db.pool.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'sluice_preview'`,
  );
  assert.deepEqual(
    left.map((r: { tablename: string }) => r.tablename),
    [live],
  );
});
