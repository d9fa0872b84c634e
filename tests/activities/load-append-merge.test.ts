// The append and merge load modes on real PostgreSQL: first run, the same run again, and a new run, with exact rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { select } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

const { db, people } = useLoadDatabase();

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
