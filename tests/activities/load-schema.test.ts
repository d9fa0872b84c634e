// Target tables on real PostgreSQL: creation, indexes, evolve vs freeze, type conflicts, bad input, injection.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ColumnSpec } from '../../core/columns';
import type { LoadTarget } from '../../core/load-target';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { LoadHarness, loadPipeline, select, type Row } from '../support/load-harness';

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase();
});
after(async () => {
  await db.stop();
});

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

const tasks: ColumnSpec[] = [
  { name: 'task_id', type: 'bigint' },
  { name: 'user_id', type: 'integer' },
  { name: 'status', type: 'text' },
  { name: 'done', type: 'boolean' },
  { name: 'due', type: 'date' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'estimate', type: 'numeric' },
  { name: 'attrs', type: 'jsonb' },
];

test('a missing target is created from the declaration, with key, metadata columns and named indexes', async () => {
  const h = harness('tasks_merge', {
    table: 'analytics.fct_tasks',
    mode: 'merge',
    key: ['task_id'],
    columns: tasks,
    indexes: [['user_id', 'status'], ['created_at'], ['task_id']],
  });
  const row = {
    task_id: '9007199254740993',
    user_id: 7,
    status: 'open',
    done: false,
    due: '2024-02-29',
    created_at: '2024-02-29T10:00:00.123456Z',
    estimate: '1.25',
    attrs: { tags: ['a', 'b'], nested: { x: 1 } },
  };
  await h.load('run-1', [row]);
  await h.load('run-2', [{ ...row, status: 'done', done: true }]);
  assert.deepEqual(await columnsOf('analytics.fct_tasks'), [
    { name: 'task_id', type: 'bigint', not_null: true },
    { name: 'user_id', type: 'integer', not_null: false },
    { name: 'status', type: 'text', not_null: false },
    { name: 'done', type: 'boolean', not_null: false },
    { name: 'due', type: 'date', not_null: false },
    { name: 'created_at', type: 'timestamp with time zone', not_null: false },
    { name: 'estimate', type: 'numeric', not_null: false },
    { name: 'attrs', type: 'jsonb', not_null: false },
    { name: '_sluice_run_id', type: 'text', not_null: true },
    { name: '_sluice_loaded_at', type: 'timestamp with time zone', not_null: true },
  ]);
  assert.deepEqual(await indexesOf('fct_tasks'), [
    { name: 'fct_tasks_created_at_idx', def: 'btree (created_at)' },
    { name: 'fct_tasks_pkey', def: 'btree (task_id)' },
    { name: 'fct_tasks_user_id_status_idx', def: 'btree (user_id, status)' },
  ]);
  assert.deepEqual(
    await select(
      db,
      `SELECT task_id::text, user_id, status, done, due::text, created_at = '2024-02-29T10:00:00.123456Z' AS same_instant,
              estimate::text, attrs, _sluice_run_id AS run, _sluice_loaded_at <= now() AS stamped
         FROM analytics.fct_tasks`,
    ),
    [
      {
        task_id: '9007199254740993',
        user_id: 7,
        status: 'done',
        done: true,
        due: '2024-02-29',
        same_instant: true,
        estimate: '1.25',
        attrs: { tags: ['a', 'b'], nested: { x: 1 } },
        run: 'sluice/tasks_merge/manual-1/run-2',
        stamped: true,
      },
    ],
  );
});

test('long index names stay deterministic and within 63 characters', async () => {
  const long = 'fct_a_table_name_that_is_rather_long_for_postgres_indexes_x';
  const target: LoadTarget = {
    table: long,
    mode: 'append',
    columns: [
      { name: 'first_long_column_name', type: 'text' },
      { name: 'second_long_column_name', type: 'text' },
    ],
    indexes: [['first_long_column_name', 'second_long_column_name']],
  };
  await harness('long_names', target).load('run-1', [{ first_long_column_name: 'a' }]);
  await harness('long_names', target).load('run-2', [{ first_long_column_name: 'b' }]);
  const indexes = await indexesOf(long);
  assert.equal(indexes.length, 1);
  const name = String(indexes[0]?.name);
  assert.equal(name.length, 63);
  assert.match(name, /^fct_a_table_name_that_is_rather_long_for_postgres_inde_[0-9a-f]{8}$/);
});

test('a history target gets (key, valid_from) as primary key and one current row per key', async () => {
  await harness('dim_shape', {
    table: 'dim_shape',
    mode: 'history',
    key: ['code'],
    columns: [
      { name: 'code', type: 'text' },
      { name: 'label', type: 'text' },
    ],
  }).load('run-1', [{ code: 'a', label: 'A' }]);
  assert.deepEqual(await columnsOf('dim_shape'), [
    { name: 'code', type: 'text', not_null: true },
    { name: 'label', type: 'text', not_null: false },
    { name: 'valid_from', type: 'timestamp with time zone', not_null: true },
    { name: 'valid_to', type: 'timestamp with time zone', not_null: false },
    { name: 'is_current', type: 'boolean', not_null: true },
    { name: '_sluice_run_id', type: 'text', not_null: true },
    { name: '_sluice_loaded_at', type: 'timestamp with time zone', not_null: true },
  ]);
  assert.deepEqual(await indexesOf('dim_shape'), [
    { name: 'dim_shape_current_key', def: 'btree (code) WHERE is_current' },
    { name: 'dim_shape_pkey', def: 'btree (code, valid_from)' },
  ]);
});

const v1: ColumnSpec[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
];
const v2: ColumnSpec[] = [...v1, { name: 'email', type: 'text' }];

test('freeze (the default) refuses new columns, naming them; the target is left as it was', async () => {
  await harness('people_v1', { table: 'people_frozen', mode: 'merge', key: ['id'], columns: v1 }).load(
    'run-1',
    [{ id: 1, name: 'ada' }],
  );
  const before = await snapshot('people_frozen');
  const frozen = harness('people_v2', { table: 'people_frozen', mode: 'merge', key: ['id'], columns: v2 });
  const failure = await frozen.failure('run-2', [{ id: 1, name: 'ada', email: 'ada@example.com' }]);
  assert.equal(failure.type, 'SluiceTargetConflict');
  assert.equal(
    failure.message,
    'people_v2/load_rows (run sluice/people_v2/manual-1): target people_frozen lacks columns "email" and ' +
      "target.schemaChanges is 'freeze'. Set schemaChanges: 'evolve' to let the load add them as nullable columns, " +
      'or add them to the table yourself',
  );
  assert.deepEqual(await snapshot('people_frozen'), before);
  assert.deepEqual(await frozen.ledger(), {});
});

test('evolve adds the new columns as nullable; old rows keep NULL there', async () => {
  await harness('evolve_v1', { table: 'people_evolving', mode: 'merge', key: ['id'], columns: v1 }).load(
    'run-1',
    [{ id: 1, name: 'ada' }],
  );
  const evolving = harness('evolve_v2', {
    table: 'people_evolving',
    mode: 'merge',
    key: ['id'],
    columns: v2,
    schemaChanges: 'evolve',
  });
  assert.equal((await evolving.load('run-2', [{ id: 2, name: 'bob', email: 'bob@example.com' }])).rowsOut, 1);
  assert.deepEqual(await columnsOf('people_evolving'), [
    { name: 'id', type: 'integer', not_null: true },
    { name: 'name', type: 'text', not_null: false },
    { name: '_sluice_run_id', type: 'text', not_null: true },
    { name: '_sluice_loaded_at', type: 'timestamp with time zone', not_null: true },
    { name: 'email', type: 'text', not_null: false },
  ]);
  assert.deepEqual(await select(db, 'SELECT id, name, email FROM people_evolving ORDER BY id'), [
    { id: 1, name: 'ada', email: null },
    { id: 2, name: 'bob', email: 'bob@example.com' },
  ]);
});

test('an existing column of another type is a SluiceTargetConflict naming column, existing and declared type', async () => {
  await db.pool.query(
    `CREATE TABLE typed_clash (id integer PRIMARY KEY, amount text, code varchar(20),
       _sluice_run_id text, _sluice_loaded_at timestamptz)`,
  );
  await db.pool.query(`INSERT INTO typed_clash VALUES (1, '12', 'x', 'manual', now())`);
  const before = await snapshot('typed_clash');
  const h = harness('clash', {
    table: 'typed_clash',
    mode: 'merge',
    key: ['id'],
    schemaChanges: 'evolve',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'amount', type: 'numeric' },
      { name: 'code', type: 'text' },
    ],
  });
  const failure = await h.failure('run-1', [{ id: 1, amount: '3', code: 'y' }]);
  assert.equal(failure.type, 'SluiceTargetConflict');
  assert.match(
    failure.message,
    /target typed_clash has columns of other types: column "amount" is text in the table but declared numeric; column "code" is character varying\(20\) in the table but declared text\. /,
  );
  assert.deepEqual(await snapshot('typed_clash'), before);
});

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
      { name: 'price', type: 'numeric' },
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

test('merge into an existing table without a unique index on the key is refused, saying how to add one', async () => {
  await db.pool.query(
    `CREATE TABLE no_key (id integer, v text, _sluice_run_id text, _sluice_loaded_at timestamptz)`,
  );
  const failure = await harness('no_key', {
    table: 'no_key',
    mode: 'merge',
    key: ['id'],
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'v', type: 'text' },
    ],
  }).failure('run-1', [{ id: 1, v: 'a' }]);
  assert.equal(failure.type, 'SluiceTargetConflict');
  assert.match(
    failure.message,
    /target no_key has no unique index on \(id\), which mode "merge" needs\. Add one \(CREATE UNIQUE INDEX ON "public"\."no_key" \("id"\)\)/,
  );
});

test('a NOT NULL column the step does not declare is a SluiceTargetConflict', async () => {
  await db.pool.query(
    `CREATE TABLE strict_target (id integer, tenant text NOT NULL, _sluice_run_id text, _sluice_loaded_at timestamptz)`,
  );
  const failure = await harness('strict_target', {
    table: 'strict_target',
    mode: 'append',
    columns: [{ name: 'id', type: 'integer' }],
  }).failure('run-1', [{ id: 1 }]);
  assert.equal(failure.type, 'SluiceTargetConflict');
  assert.match(
    failure.message,
    /NOT NULL columns without a default that the step does not declare: "tenant"/,
  );
});

test('replace keeps grants, index names and extra columns; a dependent view refuses the swap', async () => {
  const target: LoadTarget = {
    table: 'rep_kept',
    mode: 'replace',
    key: ['id'],
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'v', type: 'text' },
    ],
    indexes: [['v']],
  };
  const h = harness('rep_kept', target);
  await h.load('run-1', [{ id: 1, v: 'a' }]);
  await db.pool.query(`CREATE ROLE sluice_reader NOLOGIN`);
  await db.pool.query(`GRANT SELECT ON rep_kept TO sluice_reader`);
  await db.pool.query(`ALTER TABLE rep_kept ADD COLUMN note text DEFAULT 'kept'`);
  await db.pool.query(`CREATE INDEX my_own_index ON rep_kept (lower(v))`);
  await h.load('run-2', [{ id: 2, v: 'b' }]);
  assert.deepEqual(await indexesOf('rep_kept'), [
    { name: 'my_own_index', def: 'btree (lower(v))' },
    { name: 'rep_kept_pkey', def: 'btree (id)' },
    { name: 'rep_kept_v_idx', def: 'btree (v)' },
  ]);
  assert.deepEqual(await select(db, 'SELECT id, v, note FROM rep_kept'), [{ id: 2, v: 'b', note: 'kept' }]);
  assert.deepEqual(
    await select(db, `SELECT has_table_privilege('sluice_reader', 'rep_kept', 'SELECT') AS can_read`),
    [{ can_read: true }],
  );

  const withMoreIndexes = harness('rep_kept_v2', { ...target, indexes: [['v'], ['v', 'id']] });
  await withMoreIndexes.load('run-2b', [{ id: 4, v: 'd' }]);
  assert.deepEqual(
    (await indexesOf('rep_kept')).map((i) => i.name),
    ['my_own_index', 'rep_kept_pkey', 'rep_kept_v_id_idx', 'rep_kept_v_idx'],
    'an index declared later gets its deterministic name after the swap',
  );

  await db.pool.query(`CREATE VIEW rep_kept_view AS SELECT id FROM rep_kept`);
  const before = await snapshot('rep_kept');
  const failure = await h.failure('run-3', [{ id: 3, v: 'c' }]);
  assert.equal(failure.type, 'SluiceTargetConflict');
  assert.match(
    failure.message,
    /other objects depend on the old one \(view rep_kept_view depends on table rep_kept\)/,
  );
  assert.deepEqual(await snapshot('rep_kept'), before);
});
