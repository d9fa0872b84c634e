// Every load mode on real PostgreSQL: first run, the same run again, and a new run, with exact rows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { LoadHarness, loadPipeline, select } from '../support/load-harness';

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase();
});
after(async () => {
  await db.stop();
});

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

test('append: a repeat of the run changes nothing, a new run appends its rows again', async () => {
  const h = people('append_people', 'app_people', 'append');
  const rows = [
    { id: 1, name: 'ada' },
    { id: 2, name: 'bob' },
  ];
  assert.deepEqual(await h.load('run-1', rows), { rowsIn: 2, rowsOut: 2, rowsRejected: 0 });
  assert.deepEqual(await h.rerun('run-1', 2), {
    rowsIn: 2,
    rowsOut: 2,
    rowsRejected: 0,
    alreadyLoaded: true,
  });
  assert.equal((await h.load('run-2', rows)).rowsOut, 2);
  assert.deepEqual(
    await select(db, 'SELECT id, name, _sluice_run_id AS run FROM app_people ORDER BY run, id'),
    [
      { id: 1, name: 'ada', run: 'sluice/append_people/manual-1/run-1' },
      { id: 2, name: 'bob', run: 'sluice/append_people/manual-1/run-1' },
      { id: 1, name: 'ada', run: 'sluice/append_people/manual-1/run-2' },
      { id: 2, name: 'bob', run: 'sluice/append_people/manual-1/run-2' },
    ],
  );
  assert.deepEqual(await h.ledger(), { 'run-1': 2, 'run-2': 2 });
});

test('merge: duplicate keys in one input collapse to the last row, unchanged rows are not rewritten', async () => {
  const h = people('merge_people', 'mrg_people', 'merge');
  const first = await h.load('run-1', [
    { id: 1, name: 'ada' },
    { id: 2, name: 'bob' },
    { id: 1, name: 'ada lovelace' },
  ]);
  assert.equal(first.rowsOut, 2);
  assert.equal((await h.rerun('run-1', 3)).alreadyLoaded, true);
  const before = await select(db, 'SELECT id, xmin::text AS version FROM mrg_people ORDER BY id');

  const second = await h.load('run-2', [
    { id: 1, name: 'ada lovelace' },
    { id: 2, name: 'bob' },
    { id: 2, name: 'robert' },
    { id: 3, name: 'cy' },
  ]);
  assert.equal(second.rowsOut, 2, 'id 2 updated and id 3 inserted; id 1 unchanged');
  assert.deepEqual(await select(db, 'SELECT id, name, _sluice_run_id AS run FROM mrg_people ORDER BY id'), [
    { id: 1, name: 'ada lovelace', run: 'sluice/merge_people/manual-1/run-1' },
    { id: 2, name: 'robert', run: 'sluice/merge_people/manual-1/run-2' },
    { id: 3, name: 'cy', run: 'sluice/merge_people/manual-1/run-2' },
  ]);
  const after = await select(db, 'SELECT id, xmin::text AS version FROM mrg_people ORDER BY id');
  assert.equal(after[0]?.version, before[0]?.version, 'the unchanged row keeps its tuple');
  assert.notEqual(after[1]?.version, before[1]?.version);

  assert.equal((await h.load('run-3', [{ id: 1, name: 'ada lovelace' }])).rowsOut, 0);
  assert.equal((await select(db, 'SELECT count(*)::int AS n FROM mrg_people'))[0]?.n, 3);
});

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
  const leftovers = await select(db, `SELECT relname FROM pg_class WHERE relname LIKE 'sluice_swap_%'`);
  assert.deepEqual(leftovers, [], 'no swap table is left behind');
});

test('replace: a reader polling during the swap sees the old table or the new one, never empty or half', async () => {
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
  assert.ok(seen.filter((n) => n === 5_000).length > 0, 'the reader ran while the new table was filled');
  assert.equal(seen.at(-1), 30_000);
  const firstNew = seen.indexOf(30_000);
  assert.ok(
    seen.slice(firstNew).every((n) => n === 30_000),
    'once swapped, the old table never comes back',
  );
  assert.deepEqual(
    await select(db, `SELECT min(name) AS lo, count(*)::int AS n FROM rep_big WHERE name LIKE 'new %'`),
    [{ lo: 'new 0', n: 30_000 }],
  );
});

test('replace: a query queued behind the swap reads the new table once the load commits', async () => {
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

test('history: changes add versions, unchanged rows stay, the past is readable as of a time', async () => {
  const h = new LoadHarness(
    db,
    loadPipeline('customers_history', {
      table: 'dim_customers',
      mode: 'history',
      key: ['customer_id'],
      columns: [
        { name: 'customer_id', type: 'bigint' },
        { name: 'email', type: 'text' },
        { name: 'tier', type: 'text' },
      ],
    }),
  );
  const now = async () => (await select(db, 'SELECT clock_timestamp()::text AS t'))[0]?.t as string;
  assert.equal(
    (
      await h.load('run-1', [
        { customer_id: 1, email: 'ada@example.com', tier: 'gold' },
        { customer_id: 2, email: 'bob@example.com', tier: 'silver' },
      ])
    ).rowsOut,
    2,
  );
  const afterFirst = await now();
  const untouched = await select(db, 'SELECT xmin::text AS v FROM dim_customers WHERE customer_id = 2');

  const second = await h.load('run-2', [
    { customer_id: 1, email: 'ada@old.example.com', tier: 'gold' },
    { customer_id: 2, email: 'bob@example.com', tier: 'silver' },
    { customer_id: 3, email: 'cy@example.com', tier: null },
    { customer_id: 1, email: 'ada@new.example.com', tier: 'gold' },
  ]);
  assert.equal(second.rowsOut, 3, 'one version closed, two added');
  assert.equal((await h.rerun('run-2', 4)).alreadyLoaded, true);
  assert.equal((await h.load('run-3', [{ customer_id: 3, email: 'cy@example.com', tier: null }])).rowsOut, 0);

  const asOf = (t: string) =>
    select(
      db,
      `SELECT customer_id::int AS id, email, tier FROM dim_customers
        WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1) ORDER BY customer_id`,
      [t],
    );
  assert.deepEqual(await asOf(afterFirst), [
    { id: 1, email: 'ada@example.com', tier: 'gold' },
    { id: 2, email: 'bob@example.com', tier: 'silver' },
  ]);
  const current = [
    { id: 1, email: 'ada@new.example.com', tier: 'gold' },
    { id: 2, email: 'bob@example.com', tier: 'silver' },
    { id: 3, email: 'cy@example.com', tier: null },
  ];
  assert.deepEqual(await asOf(await now()), current, 'rows missing from run 3 stay current');
  assert.deepEqual(
    await select(
      db,
      'SELECT customer_id::int AS id, email, tier FROM dim_customers WHERE is_current ORDER BY 1',
    ),
    current,
  );
  assert.deepEqual(
    await select(
      db,
      `SELECT customer_id::int AS id, email, is_current, valid_to IS NOT NULL AS closed, _sluice_run_id AS run
         FROM dim_customers ORDER BY customer_id, valid_from`,
    ),
    [
      {
        id: 1,
        email: 'ada@example.com',
        is_current: false,
        closed: true,
        run: 'sluice/customers_history/manual-1/run-1',
      },
      {
        id: 1,
        email: 'ada@new.example.com',
        is_current: true,
        closed: false,
        run: 'sluice/customers_history/manual-1/run-2',
      },
      {
        id: 2,
        email: 'bob@example.com',
        is_current: true,
        closed: false,
        run: 'sluice/customers_history/manual-1/run-1',
      },
      {
        id: 3,
        email: 'cy@example.com',
        is_current: true,
        closed: false,
        run: 'sluice/customers_history/manual-1/run-2',
      },
    ],
  );
  const [closed] = await select(
    db,
    `SELECT (SELECT valid_to FROM dim_customers WHERE customer_id = 1 AND NOT is_current)
          = (SELECT valid_from FROM dim_customers WHERE customer_id = 1 AND is_current) AS adjacent`,
  );
  assert.equal(closed?.adjacent, true, 'the old version ends exactly where the new one starts');
  assert.deepEqual(
    await select(db, 'SELECT xmin::text AS v FROM dim_customers WHERE customer_id = 2'),
    untouched,
    'the unchanged row was not rewritten',
  );
});

test('history with closeMissing: absent keys are closed, not deleted, and come back as new versions', async () => {
  const h = new LoadHarness(
    db,
    loadPipeline('plans_history', {
      table: 'dim_plans',
      mode: 'history',
      key: ['plan', 'region'],
      closeMissing: true,
      columns: [
        { name: 'plan', type: 'text' },
        { name: 'region', type: 'text' },
        { name: 'price', type: 'numeric' },
      ],
    }),
  );
  await h.load('run-1', [
    { plan: 'basic', region: 'eu', price: '5' },
    { plan: 'pro', region: 'eu', price: '20' },
  ]);
  assert.equal((await h.load('run-2', [{ plan: 'basic', region: 'eu', price: '5' }])).rowsOut, 1);
  assert.equal(
    (
      await h.load('run-3', [
        { plan: 'basic', region: 'eu', price: '5' },
        { plan: 'pro', region: 'eu', price: '25' },
      ])
    ).rowsOut,
    1,
  );
  assert.deepEqual(
    await select(
      db,
      `SELECT plan, price::text AS price, is_current, valid_to IS NULL AS open FROM dim_plans ORDER BY plan, valid_from`,
    ),
    [
      { plan: 'basic', price: '5', is_current: true, open: true },
      { plan: 'pro', price: '20', is_current: false, open: false },
      { plan: 'pro', price: '25', is_current: true, open: true },
    ],
  );
});

test('history: two attempts of one load racing commit one set of versions', async () => {
  const h = new LoadHarness(
    db,
    loadPipeline('race_history', {
      table: 'dim_race',
      mode: 'history',
      key: ['id'],
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'v', type: 'text' },
      ],
    }),
  );
  await h.load('run-1', [{ id: 1, v: 'a' }]);
  await h.load('run-2', [
    { id: 1, v: 'b' },
    { id: 2, v: 'c' },
  ]);
  const staged = await h.stage('run-3', [
    { id: 1, v: 'b' },
    { id: 2, v: 'd' },
  ]);
  const results = await Promise.all([h.rerun('run-3', staged), h.rerun('run-3', staged)]);
  assert.deepEqual(results.map((r) => r.alreadyLoaded ?? false).sort(), [false, true]);
  assert.deepEqual(
    results.map((r) => r.rowsOut),
    [2, 2],
  );
  assert.deepEqual(await select(db, 'SELECT id, v, is_current FROM dim_race ORDER BY id, valid_from'), [
    { id: 1, v: 'a', is_current: false },
    { id: 1, v: 'b', is_current: true },
    { id: 2, v: 'c', is_current: false },
    { id: 2, v: 'd', is_current: true },
  ]);
});
