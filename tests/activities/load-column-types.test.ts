// Column types beyond the basics on real PostgreSQL: created as declared, values cast from staging, merge and history on them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnSpec } from '../../core/load/columns';
import { select } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

const { db, harness, columnsOf } = useLoadDatabase();

const everyType: ColumnSpec[] = [
  { name: 'code', type: 'varchar(8)' },
  { name: 'qty', type: 'smallint' },
  { name: 'price', type: 'numeric(12,2)' },
  { name: 'ratio', type: 'numeric' },
  { name: 'whole', type: 'numeric(6)' },
  { name: 'score', type: 'double precision' },
  { name: 'weight', type: 'real' },
  { name: 'ref', type: 'uuid' },
  { name: 'seen_at', type: 'timestamp' },
  { name: 'stamped', type: 'timestamptz(3)' },
  { name: 'opens', type: 'time' },
  { name: 'lasts', type: 'interval' },
  { name: 'tags', type: 'text[]' },
  { name: 'sizes', type: 'integer[]' },
  { name: 'amounts', type: 'numeric(6,2)[]' },
  { name: 'labels', type: 'varchar(3)[]' },
];

test('a target of every type is created as declared, as format_type spells it', async () => {
  await harness('every_type', { table: 'every_type', mode: 'append', columns: everyType }).load('run-1', [
    { code: 'a' },
  ]);
  assert.deepEqual(
    (await columnsOf('every_type')).map((c) => [c.name, c.type]),
    [
      ['code', 'character varying(8)'],
      ['qty', 'smallint'],
      ['price', 'numeric(12,2)'],
      ['ratio', 'numeric'],
      ['whole', 'numeric(6,0)'],
      ['score', 'double precision'],
      ['weight', 'real'],
      ['ref', 'uuid'],
      ['seen_at', 'timestamp without time zone'],
      ['stamped', 'timestamp(3) with time zone'],
      ['opens', 'time without time zone'],
      ['lasts', 'interval'],
      ['tags', 'text[]'],
      ['sizes', 'integer[]'],
      ['amounts', 'numeric(6,2)[]'],
      ['labels', 'character varying(3)[]'],
      ['_sluice_run_id', 'text'],
      ['_sluice_loaded_at', 'timestamp with time zone'],
    ],
  );
});

test('staged JSON values and text are cast into each type; wall-clock timestamps and ISO intervals are kept', async () => {
  const h = harness('round_trip', { table: 'round_trip', mode: 'append', columns: everyType });
  await h.load('run-1', [
    {
      code: 'AB-12',
      qty: 7,
      price: 1234.5,
      ratio: '0.333333333333333333',
      whole: 42,
      score: 0.1,
      weight: 1.5,
      ref: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
      seen_at: '2024-03-10T02:30:00',
      stamped: '2024-03-10T02:30:00.123456Z',
      opens: '09:30',
      lasts: 'P1Y2M3DT4H5M6S',
      tags: ['a', 'b,c', null, 'd"e'],
      sizes: [3, 1, 2],
      amounts: [1.005, 2],
      labels: ['x', 'yz'],
    },
    {
      code: 'Z',
      qty: '-32768',
      price: '0.125',
      ratio: '1e3',
      whole: '999999',
      score: '-1.5e-10',
      weight: '3',
      ref: 'a0eebc999c0b4ef8bb6d6bb9bd380a11',
      seen_at: '2024-03-10 02:30:00+05:00',
      stamped: '2024-03-10T07:30:00+05:00',
      opens: '23:59:59.999999',
      lasts: '1 day 02:00:00',
      tags: '{x,"y z"}',
      sizes: '{}',
      amounts: [],
      labels: null,
    },
    { code: null },
  ]);
  assert.deepEqual(
    await select(
      db,
      `SELECT code, qty, price::text, ratio::text, whole::text, score::text, weight::text, ref::text,
              seen_at::text, (stamped AT TIME ZONE 'UTC')::text AS stamped, opens::text, lasts::text,
              tags, sizes, amounts::text, labels
         FROM round_trip ORDER BY code NULLS LAST`,
    ),
    [
      {
        code: 'AB-12',
        qty: 7,
        price: '1234.50',
        ratio: '0.333333333333333333',
        whole: '42',
        score: '0.1',
        weight: '1.5',
        ref: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
        seen_at: '2024-03-10 02:30:00',
        stamped: '2024-03-10 02:30:00.123',
        opens: '09:30:00',
        lasts: '1 year 2 mons 3 days 04:05:06',
        tags: ['a', 'b,c', null, 'd"e'],
        sizes: [3, 1, 2],
        amounts: '{1.01,2.00}',
        labels: ['x', 'yz'],
      },
      {
        code: 'Z',
        qty: -32768,
        price: '0.13',
        ratio: '1000',
        whole: '999999',
        score: '-1.5e-10',
        weight: '3',
        ref: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
        seen_at: '2024-03-10 02:30:00',
        stamped: '2024-03-10 02:30:00',
        opens: '23:59:59.999999',
        lasts: '1 day 02:00:00',
        tags: ['x', 'y z'],
        sizes: [],
        amounts: '{}',
        labels: null,
      },
      {
        code: null,
        qty: null,
        price: null,
        ratio: null,
        whole: null,
        score: null,
        weight: null,
        ref: null,
        seen_at: null,
        stamped: null,
        opens: null,
        lasts: null,
        tags: null,
        sizes: null,
        amounts: null,
        labels: null,
      },
    ],
  );
});

test('merge on a numeric key: keys equal after rounding collapse, and an unchanged row is not rewritten', async () => {
  const h = harness('price_bands', {
    table: 'price_bands',
    mode: 'merge',
    key: ['band'],
    columns: [
      { name: 'band', type: 'numeric(8,2)' },
      { name: 'observed_at', type: 'timestamp' },
      { name: 'label', type: 'varchar(10)' },
      { name: 'amount', type: 'numeric(12,2)' },
    ],
  });
  const rows = [
    { band: '1.0', observed_at: '2024-01-01T00:00:00', label: 'first', amount: '10.001' },
    { band: 1.001, observed_at: '2024-01-01T06:00:00', label: 'last', amount: '10.004' },
    { band: '2.50', observed_at: '2024-01-02T00:00:00', label: 'other', amount: 3 },
  ];
  assert.equal((await h.load('run-1', rows)).rowsOut, 2);
  const before = await select(db, 'SELECT band::text, xmin::text AS version FROM price_bands ORDER BY band');
  assert.equal((await h.load('run-2', rows)).rowsOut, 0, 'values that round to what is stored are unchanged');
  assert.deepEqual(
    await select(db, 'SELECT band::text, xmin::text AS version FROM price_bands ORDER BY band'),
    before,
  );
  assert.equal(
    (await h.load('run-3', [{ ...rows[1], observed_at: '2024-01-01T07:00:00' }])).rowsOut,
    1,
    'a later wall-clock time is a change',
  );
  assert.deepEqual(
    await select(
      db,
      'SELECT band::text, observed_at::text, label, amount::text FROM price_bands ORDER BY band',
    ),
    [
      { band: '1.00', observed_at: '2024-01-01 07:00:00', label: 'last', amount: '10.00' },
      { band: '2.50', observed_at: '2024-01-02 00:00:00', label: 'other', amount: '3.00' },
    ],
  );
});

test('history keyed on (varchar, timestamp) with numeric and array columns adds a version only on a real change', async () => {
  const h = harness('stock_history', {
    table: 'stock_history',
    mode: 'history',
    key: ['sku', 'counted_at'],
    columns: [
      { name: 'sku', type: 'varchar(10)' },
      { name: 'counted_at', type: 'timestamp' },
      { name: 'amount', type: 'numeric(12,2)' },
      { name: 'bins', type: 'text[]' },
    ],
  });
  const row = { sku: 'a-1', counted_at: '2024-01-01T08:00:00', amount: '1.234', bins: ['x'] };
  assert.equal((await h.load('run-1', [row])).rowsOut, 1);
  assert.equal(
    (await h.load('run-2', [{ ...row, amount: 1.231 }])).rowsOut,
    0,
    '1.231 is stored as 1.23 too: no new version',
  );
  assert.equal((await h.load('run-3', [{ ...row, amount: '1.235' }])).rowsOut, 2, 'closed one, added one');
  assert.equal((await h.load('run-4', [{ ...row, amount: '1.235', bins: '{x,y}' }])).rowsOut, 2);
  assert.deepEqual(
    await select(
      db,
      `SELECT sku, counted_at::text, amount::text, bins, is_current, _sluice_run_id AS run
         FROM stock_history ORDER BY valid_from`,
    ),
    [
      {
        sku: 'a-1',
        counted_at: '2024-01-01 08:00:00',
        amount: '1.23',
        bins: ['x'],
        is_current: false,
        run: 'sluice/stock_history/manual-1/run-1',
      },
      {
        sku: 'a-1',
        counted_at: '2024-01-01 08:00:00',
        amount: '1.24',
        bins: ['x'],
        is_current: false,
        run: 'sluice/stock_history/manual-1/run-3',
      },
      {
        sku: 'a-1',
        counted_at: '2024-01-01 08:00:00',
        amount: '1.24',
        bins: ['x', 'y'],
        is_current: true,
        run: 'sluice/stock_history/manual-1/run-4',
      },
    ],
  );
});

test('replace-partition on a date partition with typed columns replaces only that day', async () => {
  const target = {
    table: 'daily_readings',
    mode: 'replace-partition' as const,
    partitionColumn: 'day',
    columns: [
      { name: 'day', type: 'date' as const },
      { name: 'sensor', type: 'uuid' as const },
      { name: 'reading', type: 'double precision' as const },
    ],
  };
  const h = harness('daily_readings', target);
  const sensor = '6f1c1a52-52a4-4d4b-9f0b-6c3ad1d0b9e1';
  await h.load({ runId: 'run-1', partition: '2024-05-01' }, [{ sensor, reading: 1.5 }]);
  await h.load({ runId: 'run-2', partition: '2024-05-02' }, [{ sensor, reading: 2.5 }]);
  await h.load({ runId: 'run-3', partition: '2024-05-01' }, [{ day: '2024-05-01', sensor, reading: 0.25 }]);
  assert.deepEqual(
    await select(db, 'SELECT day::text, sensor::text, reading FROM daily_readings ORDER BY day'),
    [
      { day: '2024-05-01', sensor, reading: 0.25 },
      { day: '2024-05-02', sensor, reading: 2.5 },
    ],
  );
});
