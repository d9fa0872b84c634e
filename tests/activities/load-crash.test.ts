// A load whose connection dies mid-transaction, and one that dies after its commit: each retry loads exactly once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LoadHarness, loadPipeline } from '../support/load-harness';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase();
});
after(async () => {
  await db.stop();
});

const ROWS = 200_000;
const rows = Array.from({ length: ROWS }, (_, i) => ({ id: String(i + 1), note: `row ${i + 1}` }));
const target = {
  table: 'fct_crash',
  mode: 'merge' as const,
  key: ['id'],
  columns: [
    { name: 'id', type: 'bigint' as const },
    { name: 'note', type: 'text' as const },
  ],
};
const count = async () =>
  (await db.pool.query('SELECT count(*)::int AS n FROM fct_crash')).rows[0].n as number;

/** Terminates the backend running the load's INSERT as soon as it shows up in pg_stat_activity. */
async function killTheLoad(): Promise<boolean> {
  for (let i = 0; i < 400; i += 1) {
    const { rows: killed } = await db.pool.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
       WHERE query LIKE 'INSERT INTO "public"."fct_crash"%' AND state = 'active'`,
    );
    if (killed.length > 0) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

test('killed before its commit: the target and ledger are untouched, and the retry loads every row once', async () => {
  const harness = new LoadHarness(db, loadPipeline('crash_before', target));
  await harness.stage('run-1', rows);
  const [outcome, killed] = await Promise.all([
    harness.rerun('run-1', ROWS).then(
      () => 'committed',
      (err: Error) => err.message,
    ),
    killTheLoad(),
  ]);
  assert.ok(killed, 'the load was caught mid-statement');
  assert.notEqual(outcome, 'committed');
  assert.equal(
    await harness.ledger().then((l) => Object.keys(l).length),
    0,
    'no ledger row without the data',
  );
  const retried = await harness.rerun('run-1', ROWS);
  assert.equal(retried.rowsOut, ROWS);
  assert.equal(await count(), ROWS);
});

test('killed after its commit (the worker never reported): the retry finds the ledger and changes nothing', async () => {
  const harness = new LoadHarness(db, loadPipeline('crash_after', { ...target, table: 'fct_crash' }));
  await harness.stage('run-2', rows.slice(0, 1000));
  const first = await harness.rerun('run-2', 1000);
  const retried = await harness.rerun('run-2', 1000);
  assert.equal(retried.alreadyLoaded, true);
  assert.equal(retried.rowsOut, first.rowsOut);
  assert.equal(await count(), ROWS);
});
