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
