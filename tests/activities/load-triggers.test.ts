// A target's own triggers during loads, on real PostgreSQL: which fire in a replace, and a trigger that fails a load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadTarget } from '../../core/load/load-target';
import { select, type LoadRun } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

const { db, harness, snapshot } = useLoadDatabase();

const target = (table: string): LoadTarget => ({
  table,
  mode: 'replace',
  key: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'text' },
  ],
});

/** Row and statement triggers on `t` for every operation, each logging what fired, in order, to `<t>_fired`. */
async function logEveryTrigger(t: string): Promise<void> {
  await db.pool.query(`CREATE TABLE ${t}_fired (n serial, op text, level text, id integer)`);
  await db.pool.query(`CREATE FUNCTION ${t}_log() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO ${t}_fired (op, level, id)
        VALUES (TG_OP, TG_LEVEL, CASE WHEN TG_LEVEL = 'ROW' THEN coalesce(NEW.id, OLD.id) END);
      RETURN NULL;
    END $$`);
  await db.pool.query(
    `CREATE TRIGGER ${t}_rows AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${t}_log()`,
  );
  await db.pool.query(
    `CREATE TRIGGER ${t}_statements AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t}
       FOR EACH STATEMENT EXECUTE FUNCTION ${t}_log()`,
  );
}

test('replace fires the ON TRUNCATE triggers once and the INSERT triggers per new row, never ON DELETE; a repeat fires none', async () => {
  const h = harness('trig_fired', target('trig_fired'));
  await h.load('run-1', [
    { id: 1, name: 'ada' },
    { id: 2, name: 'bob' },
  ]);
  await logEveryTrigger('trig_fired');
  await h.load('run-2', [
    { id: 3, name: 'cy' },
    { id: 4, name: 'dee' },
  ]);
  const fired = () => select(db, 'SELECT op, level, id FROM trig_fired_fired ORDER BY n');
  const expected = [
    { op: 'TRUNCATE', level: 'STATEMENT', id: null },
    { op: 'INSERT', level: 'ROW', id: 3 },
    { op: 'INSERT', level: 'ROW', id: 4 },
    { op: 'INSERT', level: 'STATEMENT', id: null },
  ];
  assert.deepEqual(await fired(), expected);
  assert.equal((await h.rerun('run-2', 2)).alreadyLoaded, true);
  assert.deepEqual(await fired(), expected, 'a repeated load writes nothing, so nothing fires');
});

test('a trigger that raises fails a replace with its message and function, non-retryably, and leaves the table as it was', async () => {
  const h = harness('trig_refuses', target('trig_refuses'));
  await h.load('run-1', [{ id: 1, name: 'ada' }]);
  await logEveryTrigger('trig_refuses');
  await db.pool.query(`CREATE FUNCTION trig_refuses_check() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.name = 'mallory' THEN RAISE EXCEPTION 'no rows for %', NEW.name; END IF;
      RETURN NEW;
    END $$`);
  await db.pool.query(
    `CREATE TRIGGER trig_refuses_check BEFORE INSERT ON trig_refuses FOR EACH ROW EXECUTE FUNCTION trig_refuses_check()`,
  );
  const before = await snapshot('trig_refuses');

  const failure = await h.failure('run-2', [
    { id: 2, name: 'bob' },
    { id: 3, name: 'mallory' },
  ]);
  assert.equal(failure.type, 'SluiceTargetConflict');
  assert.equal(failure.nonRetryable, true);
  assert.equal(
    failure.message,
    'trig_refuses/load_rows (run sluice/trig_refuses/manual-1): PostgreSQL refused the load into trig_refuses: ' +
      'no rows for mallory (PL/pgSQL function trig_refuses_check() line 3 at RAISE). ' +
      'Change the rows, or the function that refused them (a trigger on the table, say), then retry the step; ' +
      'the target was left unchanged',
  );
  assert.deepEqual(await snapshot('trig_refuses'), before);
  assert.deepEqual(
    await select(db, 'SELECT op FROM trig_refuses_fired'),
    [],
    'what the triggers did rolled back too',
  );
  assert.deepEqual(await h.ledger(), { 'run-1': 1 });

  await db.pool.query('DROP TRIGGER trig_refuses_check ON trig_refuses');
  assert.equal((await h.rerun('run-2', 2)).rowsOut, 2);
  assert.deepEqual(await select(db, 'SELECT id, name FROM trig_refuses ORDER BY id'), [
    { id: 2, name: 'bob' },
    { id: 3, name: 'mallory' },
  ]);
});

const OTHER_MODES: { target: LoadTarget; run: LoadRun }[] = [
  { target: { ...target('trig_append'), mode: 'append', key: [] }, run: { runId: 'run-2' } },
  { target: { ...target('trig_merge'), mode: 'merge' }, run: { runId: 'run-2' } },
  {
    target: {
      ...target('trig_partition'),
      mode: 'replace-partition',
      key: [],
      partitionColumn: 'day',
      columns: [...target('').columns, { name: 'day', type: 'date' }],
    },
    run: { runId: 'run-2', partition: '2024-01-01' },
  },
  { target: { ...target('trig_history'), mode: 'history' }, run: { runId: 'run-2' } },
];

for (const { target: t, run } of OTHER_MODES) {
  test(`a trigger that raises fails a load in mode ${t.mode} the same way, and leaves the table as it was`, async () => {
    const h = harness(t.table, t);
    await h.load({ ...run, runId: 'run-1' }, [{ id: 1, name: 'ada' }]);
    await db.pool.query(`CREATE FUNCTION ${t.table}_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.name = 'mallory' THEN RAISE EXCEPTION 'no rows for %', NEW.name; END IF;
        RETURN NEW;
      END $$`);
    await db.pool.query(
      `CREATE TRIGGER ${t.table}_check BEFORE INSERT OR UPDATE ON ${t.table} FOR EACH ROW EXECUTE FUNCTION ${t.table}_check()`,
    );
    const before = await snapshot(t.table);
    const failure = await h.failure(run, [
      { id: 1, name: 'bob' },
      { id: 2, name: 'mallory' },
    ]);
    assert.equal(failure.type, 'SluiceTargetConflict');
    assert.equal(failure.nonRetryable, true);
    assert.match(
      failure.message,
      new RegExp(
        `no rows for mallory \\(PL/pgSQL function ${t.table}_check\\(\\) line 3 at RAISE\\)\\. Change the rows`,
      ),
    );
    assert.deepEqual(await snapshot(t.table), before);
    assert.deepEqual(await h.ledger(), { 'run-1': 1 });
  });
}
