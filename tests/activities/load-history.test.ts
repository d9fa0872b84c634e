// The history load mode on real PostgreSQL: versions per key, closeMissing, and racing attempts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoadHarness, loadPipeline, select } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

const { db } = useLoadDatabase();

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
