// Load targets on real PostgreSQL whose declaration changed: freeze refuses new columns, evolve adds them, types must agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnSpec } from '../../core/load/columns';
import { select } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

const { db, harness, columnsOf, snapshot } = useLoadDatabase();

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

test("a table made by hand in PostgreSQL's spellings fits the same types declared in Sluice's", async () => {
  await db.pool.query(
    `CREATE TABLE hand_made (id integer PRIMARY KEY, code character varying(20), seen_at timestamp without time zone,
       amount numeric(12,2), tags text[], score double precision, stamped timestamp(3) with time zone,
       whole numeric(10,0), opens time without time zone, _sluice_run_id text, _sluice_loaded_at timestamptz)`,
  );
  const h = harness('hand_made', {
    table: 'hand_made',
    mode: 'merge',
    key: ['id'],
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'code', type: 'varchar(20)' },
      { name: 'seen_at', type: 'timestamp' },
      { name: 'amount', type: 'numeric(12, 2)' },
      { name: 'tags', type: 'text[]' },
      { name: 'score', type: 'double precision' },
      { name: 'stamped', type: 'timestamptz(3)' },
      { name: 'whole', type: 'numeric(10)' },
      { name: 'opens', type: 'time' },
    ],
  });
  const row = {
    id: 1,
    code: 'c',
    seen_at: '2024-01-01T10:00:00',
    amount: 1,
    tags: ['t'],
    score: 2,
    whole: 3,
  };
  assert.equal((await h.load('run-1', [row])).rowsOut, 1);
});

test('sizes are part of a type: numeric(10,2) is not numeric(12,2), text is not varchar(20), each clash says what to do', async () => {
  await db.pool.query(
    `CREATE TABLE sized_clash (id integer PRIMARY KEY, code varchar(20), amount numeric(12,2), tags text[],
       whole numeric(10,0), price money, _sluice_run_id text, _sluice_loaded_at timestamptz)`,
  );
  const before = await snapshot('sized_clash');
  const h = harness('sized_clash', {
    table: 'sized_clash',
    mode: 'merge',
    key: ['id'],
    schemaChanges: 'evolve',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'code', type: 'text' },
      { name: 'amount', type: 'numeric(10,2)' },
      { name: 'tags', type: 'varchar(5)[]' },
      { name: 'whole', type: 'numeric' },
      { name: 'price', type: 'numeric' },
    ],
  });
  const failure = await h.failure('run-1', [{ id: 1 }]);
  assert.equal(failure.type, 'SluiceTargetConflict');
  assert.equal(failure.nonRetryable, true);
  const alter = (column: string, type: string) =>
    `ALTER TABLE "public"."sized_clash" ALTER COLUMN "${column}" TYPE ${type} USING "${column}"::${type}`;
  assert.equal(
    failure.message,
    'sized_clash/load_rows (run sluice/sized_clash/manual-1): target sized_clash has columns of other types: ' +
      'column "code" is character varying(20) in the table but declared text; ' +
      'column "amount" is numeric(12,2) in the table but declared numeric(10,2); ' +
      'column "tags" is text[] in the table but declared varchar(5)[]; ' +
      'column "whole" is numeric(10,0) in the table but declared numeric; ' +
      'column "price" is money in the table but declared numeric. ' +
      "Declare the types the table has (code: 'varchar(20)', amount: 'numeric(12,2)', tags: 'text[]', whole: 'numeric(10,0)'), " +
      `change the table's columns to the declared types (${alter('code', 'text')}; ${alter('amount', 'numeric(10,2)')}; ` +
      `${alter('tags', 'varchar(5)[]')}; ${alter('whole', 'numeric')}; ${alter('price', 'numeric')}), or load into a new table`,
  );
  assert.deepEqual(await snapshot('sized_clash'), before);
});

test('evolve adds new columns of the declared types, sizes included', async () => {
  const base = {
    table: 'evolve_typed',
    mode: 'append' as const,
    columns: [{ name: 'id', type: 'integer' as const }],
  };
  await harness('evolve_typed_v1', base).load('run-1', [{ id: 1 }]);
  const evolving = harness('evolve_typed_v2', {
    ...base,
    schemaChanges: 'evolve',
    columns: [
      ...base.columns,
      { name: 'note', type: 'varchar(40)' },
      { name: 'amount', type: 'numeric(9,3)' },
      { name: 'ref', type: 'uuid' },
      { name: 'sizes', type: 'integer[]' },
      { name: 'lasts', type: 'interval' },
      { name: 'opens', type: 'time(0)' },
      { name: 'seen_at', type: 'timestamp' },
    ],
  });
  const ref = '0b6d3a3e-8a7f-4c55-9d0f-3f1f6a2b7c11';
  const row = {
    id: 2,
    note: 'n',
    amount: '1.2345',
    ref,
    sizes: [1],
    lasts: 'PT90M',
    opens: '08:00:00.6',
    seen_at: '2024-01-01T00:00:00',
  };
  await evolving.load('run-2', [row]);
  assert.deepEqual((await columnsOf('evolve_typed')).slice(3), [
    { name: 'note', type: 'character varying(40)', not_null: false },
    { name: 'amount', type: 'numeric(9,3)', not_null: false },
    { name: 'ref', type: 'uuid', not_null: false },
    { name: 'sizes', type: 'integer[]', not_null: false },
    { name: 'lasts', type: 'interval', not_null: false },
    { name: 'opens', type: 'time(0) without time zone', not_null: false },
    { name: 'seen_at', type: 'timestamp without time zone', not_null: false },
  ]);
  assert.deepEqual(
    await select(
      db,
      'SELECT id, note, amount::text, ref::text, sizes, lasts::text, opens::text, seen_at::text FROM evolve_typed ORDER BY id',
    ),
    [
      { id: 1, note: null, amount: null, ref: null, sizes: null, lasts: null, opens: null, seen_at: null },
      {
        id: 2,
        note: 'n',
        amount: '1.235',
        ref,
        sizes: [1],
        lasts: '01:30:00',
        opens: '08:00:01',
        seen_at: '2024-01-01 00:00:00',
      },
    ],
  );
});
