// The replace and replace-partition load modes on real PostgreSQL: repeats, readers during a replace, partitions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoadHarness, loadPipeline, select } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

const { db, people } = useLoadDatabase();

test('replace: the table holds exactly the last run; repeats change nothing', async () => {
  const h = people('replace_people', 'rep_people', 'replace');
  assert.equal(
    (
      await h.load('run-1', [
        { id: 1, name: 'ada' },
        { id: 2, name: 'bob' },
      ])
    ).rowsOut,
    2,
  );
  assert.equal((await h.rerun('run-1', 2)).alreadyLoaded, true);
  assert.equal((await h.load('run-2', [{ id: 3, name: 'cy' }])).rowsOut, 1);
  assert.deepEqual(await select(db, 'SELECT id, name, _sluice_run_id AS run FROM rep_people'), [
    { id: 3, name: 'cy', run: 'sluice/replace_people/manual-1/run-2' },
  ]);
  assert.equal((await h.rerun('run-2', 1)).alreadyLoaded, true);
  assert.equal((await h.load('run-3', [])).rowsOut, 0);
  assert.deepEqual(await select(db, 'SELECT * FROM rep_people'), []);
  assert.deepEqual(await h.ledger(), { 'run-1': 2, 'run-2': 1, 'run-3': 0 });
});

test('replace: a reader polling during the load sees the old rows or the new ones, never empty or half', async () => {
  const h = people('replace_big', 'rep_big', 'replace');
  const rows = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `${tag} ${i}` }));
  await h.load('run-1', rows(5_000, 'old'));
  const reader = await db.pool.connect();
  const seen: number[] = [];
  const errors: string[] = [];
  let loading = true;
  const poll = (async () => {
    // Keep polling a little after the load ends, so the new table is seen too.
    for (let extra = 0; loading || extra < 5; extra += loading ? 0 : 1) {
      try {
        const { rows: counted } = await reader.query<{ n: number }>('SELECT count(*)::int AS n FROM rep_big');
        seen.push(counted[0]?.n ?? -1);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
  })();
  try {
    const result = await h.load('run-2', rows(30_000, 'new'));
    assert.equal(result.rowsOut, 30_000);
  } finally {
    loading = false;
    await poll;
    reader.release();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(
    seen.filter((n) => n !== 5_000 && n !== 30_000),
    [],
    'only the old or the new count',
  );
  assert.ok(
    seen.filter((n) => n === 5_000).length > 0,
    'the reader read the old rows before the load committed',
  );
  assert.equal(seen.at(-1), 30_000);
  const firstNew = seen.indexOf(30_000);
  assert.ok(
    seen.slice(firstNew).every((n) => n === 30_000),
    'once committed, the old rows never come back',
  );
  assert.deepEqual(
    await select(db, `SELECT min(name) AS lo, count(*)::int AS n FROM rep_big WHERE name LIKE 'new %'`),
    [{ lo: 'new 0', n: 30_000 }],
  );
});

test('replace: a query queued behind the load reads the new rows once it commits', async () => {
  const h = people('replace_queued', 'rep_queued', 'replace');
  await h.load('run-1', [{ id: 1, name: 'old' }]);
  const holder = await db.pool.connect();
  const queued = await db.pool.connect();
  try {
    await holder.query('BEGIN');
    assert.equal((await holder.query('SELECT count(*)::int AS n FROM rep_queued')).rows[0].n, 1);
    const loading = h.load('run-2', [
      { id: 2, name: 'new' },
      { id: 3, name: 'new' },
    ]);
    const waiting = (sql: string) => async () => {
      for (let i = 0; i < 200; i += 1) {
        if ((await select(db, sql))[0]?.n) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`never saw: ${sql}`);
    };
    await waiting(
      `SELECT count(*)::int AS n FROM pg_locks
        WHERE relation = 'rep_queued'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted`,
    )();
    const read = queued.query<{ n: number; names: string }>(
      `SELECT count(*)::int AS n, string_agg(DISTINCT name, ',') AS names FROM rep_queued`,
    );
    await waiting(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND query LIKE '%string_agg(DISTINCT name%' AND pid <> pg_backend_pid()`,
    )();
    await holder.query('COMMIT');
    assert.equal((await loading).rowsOut, 2);
    assert.deepEqual((await read).rows, [{ n: 2, names: 'new' }]);
  } finally {
    holder.release();
    queued.release();
  }
});

test('replace-partition: replaces only the run partition, fills empty partition values, refuses others', async () => {
  const h = new LoadHarness(
    db,
    loadPipeline('sales_daily', {
      table: 'fct_sales',
      mode: 'replace-partition',
      partitionColumn: 'day',
      columns: [
        { name: 'day', type: 'date' },
        { name: 'store', type: 'text' },
        { name: 'amount', type: 'numeric' },
      ],
    }),
  );
  const day1 = { runId: 'd1-run-1', partition: '2024-01-01' };
  const day2 = { runId: 'd2-run-1', partition: '2024-01-02' };
  assert.equal(
    (
      await h.load(day1, [
        { day: '2024-01-01', store: 'a', amount: '1.50' },
        { store: 'b', amount: '2' },
      ])
    ).rowsOut,
    2,
  );
  assert.equal(
    (
      await h.load(day2, [
        { store: 'a', amount: '10' },
        { store: 'c', amount: '30' },
      ])
    ).rowsOut,
    2,
  );
  assert.equal((await h.rerun(day1, 2)).alreadyLoaded, true);

  const again = await h.load({ runId: 'd1-run-2', partition: '2024-01-01' }, [
    { store: 'z', amount: '9.99' },
  ]);
  assert.equal(again.rowsOut, 1);
  const query = `SELECT day::text AS day, store, amount::text AS amount, _sluice_run_id AS run
                   FROM fct_sales ORDER BY day, store`;
  const expected = [
    { day: '2024-01-01', store: 'z', amount: '9.99', run: 'sluice/sales_daily/manual-1/d1-run-2' },
    { day: '2024-01-02', store: 'a', amount: '10', run: 'sluice/sales_daily/manual-1/d2-run-1' },
    { day: '2024-01-02', store: 'c', amount: '30', run: 'sluice/sales_daily/manual-1/d2-run-1' },
  ];
  assert.deepEqual(await select(db, query), expected);

  const foreign = await h.failure({ runId: 'd1-run-3', partition: '2024-01-01' }, [
    { day: '2024-01-01', store: 'y', amount: '1' },
    { day: '2024-01-02', store: 'x', amount: '1' },
  ]);
  assert.equal(foreign.type, 'SluiceBadInput');
  assert.match(foreign.message, /1 input row\(s\) belong to another partition than "2024-01-01"/);
  assert.match(foreign.message, /input row 2 has "day" = "2024-01-02"/);

  const none = await h.failure('no-partition', [{ store: 'y', amount: '1' }]);
  assert.equal(none.type, 'SluiceBadInput');
  assert.match(
    none.message,
    /^sales_daily\/load_rows \(run sluice\/sales_daily\/manual-1\): mode "replace-partition"/,
  );
  assert.match(none.message, /this run has no partition/);

  const badPartition = await h.failure({ runId: 'bad-day', partition: '2024-13-01' }, [
    { store: 'y', amount: '1' },
  ]);
  assert.equal(badPartition.type, 'SluiceBadInput');
  assert.match(badPartition.message, /partition "2024-13-01" is not a valid date for column "day"/);

  assert.deepEqual(await select(db, query), expected, 'refused loads left the table as it was');
  assert.deepEqual(await h.ledger(), { 'd1-run-1': 2, 'd1-run-2': 1, 'd2-run-1': 2 });
});
