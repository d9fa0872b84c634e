// Load target tables on real PostgreSQL: created from the declaration with key and indexes; existing ones kept or refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import type { ColumnSpec } from '../../core/load/columns';
import type { LoadTarget } from '../../core/load/load-target';
import { LoadHarness, loadPipeline, select } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

/** A role that may use Sluice's schemas and tables, but holds on a target only what a test grants it. */
const LOADER = 'sluice_loader';

const { db, harness, columnsOf, indexesOf, snapshot } = useLoadDatabase(async ({ pool }) => {
  await pool.query(`CREATE ROLE ${LOADER} NOLOGIN`);
  for (const schema of ['sluice', 'sluice_staging', 'public'])
    await pool.query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${LOADER}`);
  await pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA sluice TO ${LOADER}`);
  await pool.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA sluice TO ${LOADER}`);
});

/** Runs `body` with a pool whose connections act as the loader role: its privileges, not the superuser's, decide. */
async function asLoader(body: (pool: pg.Pool) => Promise<void>): Promise<void> {
  const pool = new pg.Pool({ connectionString: db.url, options: `-c role=${LOADER}` });
  try {
    await body(pool);
  } finally {
    await pool.end();
  }
}

/** Creates `table`, the superuser's (not the loader's), holding rows `v` (ids 1, 2, ...); returns a target loading (id, v) into it. */
async function othersTable(
  table: string,
  mode: 'merge' | 'replace',
  rows: string[] = [],
): Promise<LoadTarget> {
  await db.pool.query(
    `CREATE TABLE ${table} (id integer PRIMARY KEY, v text, _sluice_run_id text, _sluice_loaded_at timestamptz)`,
  );
  for (const [i, v] of rows.entries())
    await db.pool.query(`INSERT INTO ${table} (id, v) VALUES ($1, $2)`, [i + 1, v]);
  return {
    table,
    mode,
    key: ['id'],
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'v', type: 'text' },
    ],
  };
}

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

test('replace keeps grants, index names and extra columns; a foreign key from another table refuses it', async () => {
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
    'an index declared later gets its deterministic name',
  );

  await db.pool.query(`CREATE TABLE rep_kept_child (id integer REFERENCES rep_kept (id))`);
  await db.pool.query(`INSERT INTO rep_kept_child VALUES (4)`);
  const before = await snapshot('rep_kept');
  const failure = await h.failure('run-3', [{ id: 3, v: 'c' }]);
  assert.equal(failure.type, 'SluiceTargetConflict');
  assert.equal(
    failure.message,
    'rep_kept/load_rows (run sluice/rep_kept/manual-1): mode "replace" empties rep_kept, but foreign keys in other ' +
      'tables reference it: "rep_kept_child_id_fkey" on rep_kept_child. Drop those foreign keys, or load with mode ' +
      '"merge" or "replace-partition", which keep the rows they reference; the target was left unchanged',
  );
  assert.deepEqual(await snapshot('rep_kept'), before);
  assert.deepEqual(await select(db, 'SELECT id FROM rep_kept_child'), [{ id: 4 }]);
});

test("a target the worker's role may not write is SluiceTargetConflict at once, and loads once granted", async () => {
  const target = await othersTable('theirs', 'merge');
  await asLoader(async (pool) => {
    const h = new LoadHarness({ ...db, pool }, loadPipeline('theirs', target));
    const failure = await h.failure('run-1', [{ id: 1, v: 'a' }]);
    assert.equal(failure.type, 'SluiceTargetConflict');
    assert.equal(
      failure.message,
      'theirs/load_rows (run sluice/theirs/manual-1): PostgreSQL refused the load into theirs: permission denied for ' +
        "table theirs. Grant the worker's role what the load needs on the table, or fix the table, then retry the " +
        'step; the target was left unchanged',
    );
    assert.deepEqual(await h.ledger(), {});
    await db.pool.query(`GRANT SELECT, INSERT, UPDATE ON theirs TO ${LOADER}`);
    assert.equal((await h.rerun('run-1', 1)).rowsOut, 1);
    assert.deepEqual(await select(db, 'SELECT id, v FROM theirs'), [{ id: 1, v: 'a' }]);
  });
});

test('replace by a role that may not TRUNCATE the table is SluiceTargetConflict naming the grant', async () => {
  const target = await othersTable('untruncatable', 'replace', ['a']);
  await db.pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON untruncatable TO ${LOADER}`);
  await asLoader(async (pool) => {
    const h = new LoadHarness({ ...db, pool }, loadPipeline('untruncatable', target));
    const refused = await h.failure('run-2', [{ id: 2, v: 'b' }]);
    assert.equal(refused.type, 'SluiceTargetConflict');
    assert.equal(
      refused.message,
      'untruncatable/load_rows (run sluice/untruncatable/manual-1): mode "replace" empties untruncatable, with ' +
        `TRUNCATE, and the worker's role may not truncate it. GRANT TRUNCATE ON "public"."untruncatable" TO the ` +
        "worker's role, then retry the step; the target was left unchanged",
    );
    assert.deepEqual(await select(db, 'SELECT id, v FROM untruncatable'), [{ id: 1, v: 'a' }]);
    await db.pool.query(`GRANT TRUNCATE ON untruncatable TO ${LOADER}`);
    assert.equal((await h.rerun('run-2', 1)).rowsOut, 1);
    assert.deepEqual(await select(db, 'SELECT id, v FROM untruncatable'), [{ id: 2, v: 'b' }]);
  });
});

test("replace into a table whose row-level security applies to the worker's role is refused, since TRUNCATE would remove rows hidden from it", async () => {
  const target = await othersTable('guarded', 'replace', ['a', 'secret']);
  await db.pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON guarded TO ${LOADER}`);
  await db.pool.query(`ALTER TABLE guarded ENABLE ROW LEVEL SECURITY`);
  await db.pool.query(
    `CREATE POLICY guarded_open ON guarded TO ${LOADER} USING (v IS DISTINCT FROM 'secret')`,
  );
  await asLoader(async (pool) => {
    const h = new LoadHarness({ ...db, pool }, loadPipeline('guarded', target));
    const before = await snapshot('guarded');
    const refused = await h.failure('run-1', [{ id: 3, v: 'c' }]);
    assert.equal(refused.type, 'SluiceTargetConflict');
    assert.equal(
      refused.message,
      'guarded/load_rows (run sluice/guarded/manual-1): mode "replace" empties guarded, but its row-level security ' +
        "policies apply to the worker's role, and TRUNCATE would also remove the rows they hide from it. Load with " +
        'mode "merge" or "replace-partition", which see only the rows the policies let them, or exempt the role (let ' +
        'it own the table without FORCE ROW LEVEL SECURITY); the target was left unchanged',
    );
    assert.deepEqual(await snapshot('guarded'), before);

    await db.pool.query(`ALTER TABLE guarded OWNER TO ${LOADER}`);
    assert.equal((await h.rerun('run-1', 1)).rowsOut, 1);
    assert.deepEqual(await select(db, 'SELECT id, v FROM guarded'), [{ id: 3, v: 'c' }]);
    assert.deepEqual(
      await select(db, `SELECT relrowsecurity AS rls FROM pg_class WHERE relname = 'guarded'`),
      [{ rls: true }],
    );
  });
});
