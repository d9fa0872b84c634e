// Loads on real PostgreSQL refuse rows that do not fit the target, leaving it unchanged; values that look like SQL stay data.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { LoadTarget } from '../../core/load/load-target';
import { select, type Row } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

const { db, harness, snapshot } = useLoadDatabase();

test('a value that does not fit its column is SluiceBadInput naming row and column; nothing changes', async () => {
  const orders: LoadTarget = {
    table: 'orders_bad',
    mode: 'merge',
    key: ['order_id'],
    schemaChanges: 'evolve',
    columns: [
      { name: 'order_id', type: 'bigint' },
      { name: 'amount', type: 'numeric' },
      { name: 'ordered_on', type: 'date' },
    ],
  };
  await harness('orders_bad', orders).load('run-1', [
    { order_id: 1, amount: '10.5', ordered_on: '2024-01-01' },
  ]);
  const before = await snapshot('orders_bad');
  const evolving = harness('orders_bad_v2', {
    ...orders,
    columns: [...orders.columns, { name: 'note', type: 'text' }],
  });
  const rows: Row[] = [
    { order_id: 1, amount: '11', ordered_on: '2024-01-01', note: 'changed' },
    { order_id: 2, amount: '12', ordered_on: '2024-02-30', note: 'bad date' },
    { order_id: 3, amount: 'abc', ordered_on: '2024-01-03', note: 'bad amount' },
  ];
  const failure = await evolving.failure('run-2', rows);
  assert.equal(failure.type, 'SluiceBadInput');
  assert.equal(
    failure.message,
    'orders_bad_v2/load_rows (run sluice/orders_bad_v2/manual-1): input row 3 has "abc" in column "amount", ' +
      'which is not a valid numeric. Fix the source data, or declare the column with a type that fits and convert ' +
      'it in a transform; the target was left unchanged',
  );
  assert.deepEqual(
    await snapshot('orders_bad'),
    before,
    'rows and columns as they were: the evolve rolled back too',
  );
  assert.deepEqual(await evolving.ledger(), {});

  const dateOnly = await evolving.failure('run-3', [rows[0]!, rows[1]!]);
  assert.match(
    dateOnly.message,
    /input row 2 has "2024-02-30" in column "ordered_on", which is not a valid date\./,
  );
});

test('a value that overflows the existing column (numeric(5,2)) names the column and its type', async () => {
  await db.pool.query(
    `CREATE TABLE prices (sku text PRIMARY KEY, price numeric(5,2), _sluice_run_id text, _sluice_loaded_at timestamptz)`,
  );
  const h = harness('prices', {
    table: 'prices',
    mode: 'merge',
    key: ['sku'],
    columns: [
      { name: 'sku', type: 'text' },
      { name: 'price', type: 'numeric(5,2)' },
    ],
  });
  const failure = await h.failure('run-1', [
    { sku: 'a', price: '1.5' },
    { sku: 'b', price: '12345.6' },
    { sku: 'c', price: '99999' },
  ]);
  assert.equal(failure.type, 'SluiceBadInput');
  assert.match(
    failure.message,
    /input row 2 has "12345\.6" in column "price", which is not a valid numeric\(5,2\) \(2 rows have such values\)/,
  );
  assert.deepEqual(await select(db, 'SELECT * FROM prices'), []);
});

test('a merge or history row without its key is SluiceBadInput naming the key column and the row', async () => {
  for (const mode of ['merge', 'history'] as const) {
    const h = harness(`keyless_${mode}`, {
      table: `keyless_${mode}`,
      mode,
      key: ['region', 'id'],
      columns: [
        { name: 'region', type: 'text' },
        { name: 'id', type: 'integer' },
        { name: 'v', type: 'text' },
      ],
    });
    await h.load('run-1', [{ region: 'eu', id: 1, v: 'a' }]);
    const before = await snapshot(`keyless_${mode}`);
    const failure = await h.failure('run-2', [
      { region: 'eu', id: 1, v: 'b' },
      { region: 'eu', v: 'no id' },
      { id: null, v: 'neither' },
    ]);
    assert.equal(failure.type, 'SluiceBadInput');
    assert.equal(
      failure.message,
      `keyless_${mode}/load_rows (run sluice/keyless_${mode}/manual-1): 2 input row(s) have no value for key ` +
        `column(s) "id" of keyless_${mode} (first: input row 2). Every row needs its key for mode "${mode}": fix the ` +
        'source, or drop such rows in a validate step; the target was left unchanged',
    );
    assert.deepEqual(await snapshot(`keyless_${mode}`), before);
  }
});

test('a duplicate key in an append to a keyed table is SluiceBadInput quoting the key', async () => {
  const h = harness('keyed_append', {
    table: 'keyed_append',
    mode: 'append',
    key: ['id'],
    columns: [{ name: 'id', type: 'integer' }],
  });
  await h.load('run-1', [{ id: 1 }]);
  const failure = await h.failure('run-2', [{ id: 2 }, { id: 1 }]);
  assert.equal(failure.type, 'SluiceBadInput');
  assert.match(failure.message, /duplicate key in keyed_append: Key \(id\)=\(1\) already exists\./);
  assert.deepEqual(await select(db, 'SELECT id FROM keyed_append'), [{ id: 1 }]);
});

test('values that look like SQL are stored literally', async () => {
  const h = harness('literal_values', {
    table: 'literal_values',
    mode: 'merge',
    key: ['name'],
    columns: [
      { name: 'name', type: 'text' },
      { name: 'doc', type: 'jsonb' },
    ],
  });
  const evil = [
    { name: "Robert'); DROP TABLE literal_values;--", doc: { q: "'; SELECT pg_sleep(10); --" } },
    { name: 'back\\slash\ttab\nnewline "quoted" $1 $$dollar$$', doc: ['\\', '\u0001', '😀'] },
    { name: "E'\\x27' || current_user", doc: null },
  ];
  await h.load('run-1', evil);
  for (const row of evil) {
    assert.deepEqual(
      await select(db, 'SELECT name, doc, doc IS NULL AS sql_null FROM literal_values WHERE name = $1', [
        row.name,
      ]),
      [{ ...row, sql_null: row.doc === null }],
    );
  }
  assert.equal((await select(db, 'SELECT count(*)::int AS n FROM literal_values'))[0]?.n, 3);
  assert.equal((await select(db, `SELECT to_regclass('literal_values') IS NOT NULL AS here`))[0]?.here, true);
});

test('a value that does not fit a sized or typed column fails once, as SluiceBadInput naming row, column and type', async () => {
  const target: LoadTarget = {
    table: 'strict_values',
    mode: 'append',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'code', type: 'varchar(20)' },
      { name: 'amount', type: 'numeric(12,2)' },
      { name: 'ref', type: 'uuid' },
      { name: 'sizes', type: 'integer[]' },
      { name: 'qty', type: 'smallint' },
      { name: 'lasts', type: 'interval' },
      { name: 'seen_at', type: 'timestamp' },
    ],
  };
  const h = harness('strict_values', target);
  const good = { id: 1, code: 'ok', amount: '1.5', ref: '0b6d3a3e-8a7f-4c55-9d0f-3f1f6a2b7c11', sizes: [1] };
  const long = 'x'.repeat(30);
  const created = await h.failure('run-0', [good, { id: 2, code: long }]);
  assert.match(
    created.message,
    new RegExp(`input row 2 has "${long}" in column "code", which is not a valid varchar\\(20\\)\\.`),
    'a table created by the failed load names the declared type',
  );
  await h.load('run-1', [good]);
  const before = await snapshot('strict_values');
  const cases: [Record<string, unknown>, string][] = [
    [{ code: long }, `"${long}" in column "code", which is not a valid character varying(20)`],
    [{ amount: 'abc' }, '"abc" in column "amount", which is not a valid numeric(12,2)'],
    [{ amount: 12345678901.5 }, '"12345678901.5" in column "amount", which is not a valid numeric(12,2)'],
    [{ ref: 'not-a-uuid' }, '"not-a-uuid" in column "ref", which is not a valid uuid'],
    [{ sizes: [1, 'two'] }, String.raw`"[1, \"two\"]" in column "sizes", which is not a valid integer[]`],
    [{ sizes: 'three' }, '"three" in column "sizes", which is not a valid integer[]'],
    [{ qty: 40000 }, '"40000" in column "qty", which is not a valid smallint'],
    [{ lasts: 'forever' }, '"forever" in column "lasts", which is not a valid interval'],
    [
      { seen_at: '2024-13-01T00:00:00' },
      '"2024-13-01T00:00:00" in column "seen_at", which is not a valid timestamp without time zone',
    ],
  ];
  for (const [bad, problem] of cases) {
    const failure = await h.failure('run-2', [good, { id: 2, ...bad }]);
    assert.equal(failure.type, 'SluiceBadInput', problem);
    assert.equal(failure.nonRetryable, true, problem);
    assert.equal(
      failure.message,
      `strict_values/load_rows (run sluice/strict_values/manual-1): input row 2 has ${problem}. Fix the source ` +
        'data, or declare the column with a type that fits and convert it in a transform; the target was left unchanged',
    );
  }
  assert.deepEqual(await snapshot('strict_values'), before);
  assert.deepEqual(Object.keys(await h.ledger()), ['run-1']);
});

test('a key too long for its index (54000) is SluiceBadInput, not retried, and nothing changes', async () => {
  const h = harness('long_keys', {
    table: 'long_keys',
    mode: 'merge',
    key: ['code'],
    columns: [
      { name: 'code', type: 'text' },
      { name: 'n', type: 'integer' },
    ],
  });
  await h.load('run-1', [{ code: 'short', n: 1 }]);
  const before = await snapshot('long_keys');
  const failure = await h.failure('run-2', [
    { code: 'short', n: 2 },
    { code: randomBytes(12_000).toString('base64'), n: 3 },
  ]);
  assert.equal(failure.type, 'SluiceBadInput');
  assert.match(
    failure.message,
    /^long_keys\/load_rows \(run sluice\/long_keys\/manual-1\): rows do not fit long_keys: index row (size|requires) \d+/,
  );
  assert.match(failure.message, /Fix the source data, .*; the target was left unchanged$/);
  assert.deepEqual(await snapshot('long_keys'), before);
});
