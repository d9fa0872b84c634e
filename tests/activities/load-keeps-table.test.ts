// What a load keeps of an existing table, on real PostgreSQL: RLS and policies, triggers, grants, comments, indexes, views.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LoadTarget } from '../../core/load/load-target';
import type { LoadRun, Row } from '../support/load-harness';
import { select } from '../support/load-harness';
import { useLoadDatabase } from './load-fixtures';

const { db, harness } = useLoadDatabase(async ({ pool }) => {
  for (const role of ['keeps_reader', 'keeps_writer', 'keeps_auditor'])
    await pool.query(`CREATE ROLE ${role} NOLOGIN`);
});

/** Something a team adds to a table Sluice loads, and how to tell that the table still has it. */
interface Kept {
  what: string;
  slug: string;
  /** The statements that add it to table `t`. */
  add(t: string): string[];
  /** Fails unless `t` has it exactly as added, and it still does its job. */
  holds(t: string): Promise<void>;
}

/** The ids a role reads from `sql`, in a transaction acting as that role. */
async function idsAs(role: string, sql: string): Promise<number[]> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL ROLE ${role}`);
    const { rows } = await client.query<{ ids: number[] | null }>(
      `SELECT array_agg(id ORDER BY id) AS ids FROM (${sql}) q`,
    );
    return rows[0]?.ids ?? [];
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

const idsOf = async (sql: string) =>
  ((await select(db, `SELECT array_agg(id ORDER BY id) AS ids FROM (${sql}) q`))[0]?.ids as
    number[] | null) ?? [];

const KEPT: Kept[] = [
  {
    what: 'row-level security and its policy',
    slug: 'rls',
    add: (t) => [
      `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
      `CREATE POLICY ${t}_shown ON ${t} FOR SELECT TO keeps_reader USING (name <> 'hidden')`,
      `GRANT SELECT ON ${t} TO keeps_reader`,
    ],
    holds: async (t) => {
      assert.deepEqual(
        await select(db, `SELECT relrowsecurity AS rls FROM pg_class WHERE oid = $1::regclass`, [t]),
        [{ rls: true }],
      );
      assert.deepEqual(
        await select(db, `SELECT policyname, cmd, roles::text, qual FROM pg_policies WHERE tablename = $1`, [
          t,
        ]),
        [
          {
            policyname: `${t}_shown`,
            cmd: 'SELECT',
            roles: '{keeps_reader}',
            qual: "(name <> 'hidden'::text)",
          },
        ],
      );
      const hidden = await idsOf(`SELECT id FROM ${t} WHERE name = 'hidden'`);
      assert.ok(hidden.length > 0, 'the table holds rows the policy hides');
      assert.deepEqual(
        await idsAs('keeps_reader', `SELECT id FROM ${t}`),
        await idsOf(`SELECT id FROM ${t} WHERE name <> 'hidden'`),
        'the reader sees what the policy lets it see',
      );
    },
  },
  {
    what: 'a trigger',
    slug: 'trigger',
    add: (t) => [
      `CREATE TABLE ${t}_audit (op text, id integer, run text)`,
      `CREATE FUNCTION ${t}_audit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN INSERT INTO ${t}_audit VALUES (TG_OP, NEW.id, NEW._sluice_run_id); RETURN NEW; END $$`,
      `CREATE TRIGGER ${t}_audit AFTER INSERT OR UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${t}_audit()`,
    ],
    holds: async (t) => {
      assert.deepEqual(
        await select(
          db,
          `SELECT tgname AS name, tgenabled AS enabled FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
          [t],
        ),
        [{ name: `${t}_audit`, enabled: 'O' }],
      );
      assert.ok((await idsOf(`SELECT id FROM ${t}`)).length > 0);
      assert.deepEqual(
        await idsOf(
          `SELECT id FROM ${t} r WHERE NOT EXISTS (SELECT 1 FROM ${t}_audit a WHERE a.id = r.id AND a.run = r._sluice_run_id)`,
        ),
        [],
        'the trigger recorded every row the loads wrote',
      );
    },
  },
  {
    what: 'a table grant',
    slug: 'grant',
    add: (t) => [`GRANT SELECT, INSERT ON ${t} TO keeps_writer WITH GRANT OPTION`],
    holds: async (t) => {
      assert.deepEqual(
        await select(
          db,
          `SELECT a.privilege_type AS privilege, a.is_grantable AS grantable
             FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.oid = $1::regclass AND a.grantee = 'keeps_writer'::regrole ORDER BY 1`,
          [t],
        ),
        [
          { privilege: 'INSERT', grantable: true },
          { privilege: 'SELECT', grantable: true },
        ],
      );
    },
  },
  {
    what: 'a column grant',
    slug: 'column_grant',
    add: (t) => [`GRANT SELECT (id), UPDATE (name) ON ${t} TO keeps_auditor`],
    holds: async (t) => {
      assert.deepEqual(
        await select(
          db,
          `SELECT attname AS column, a.privilege_type AS privilege
             FROM pg_attribute, aclexplode(attacl) a
            WHERE attrelid = $1::regclass AND a.grantee = 'keeps_auditor'::regrole ORDER BY 1`,
          [t],
        ),
        [
          { column: 'id', privilege: 'SELECT' },
          { column: 'name', privilege: 'UPDATE' },
        ],
      );
      assert.deepEqual(
        await select(
          db,
          `SELECT has_column_privilege('keeps_auditor', $1, 'id', 'SELECT') AS id,
                  has_column_privilege('keeps_auditor', $1, 'name', 'SELECT') AS name`,
          [t],
        ),
        [{ id: true, name: false }],
      );
    },
  },
  {
    what: 'a table comment',
    slug: 'table_comment',
    add: (t) => [`COMMENT ON TABLE ${t} IS 'people, one row each; owned by the people team'`],
    holds: async (t) => {
      assert.deepEqual(await select(db, `SELECT obj_description($1::regclass, 'pg_class') AS comment`, [t]), [
        { comment: 'people, one row each; owned by the people team' },
      ]);
    },
  },
  {
    what: 'a column comment',
    slug: 'column_comment',
    add: (t) => [`COMMENT ON COLUMN ${t}.name IS 'the display name'`],
    holds: async (t) => {
      assert.deepEqual(
        await select(
          db,
          `SELECT attname AS column, col_description(attrelid, attnum) AS comment
             FROM pg_attribute WHERE attrelid = $1::regclass AND col_description(attrelid, attnum) IS NOT NULL`,
          [t],
        ),
        [{ column: 'name', comment: 'the display name' }],
      );
    },
  },
  {
    what: 'an index of its own',
    slug: 'index',
    add: (t) => [`CREATE INDEX ${t}_lower_name ON ${t} (lower(name))`],
    holds: async (t) => {
      assert.deepEqual(
        await select(
          db,
          `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) LIKE '%USING btree (lower(name))' AS same, i.indisvalid AS valid
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = $1::regclass AND c.relname = $2`,
          [t, `${t}_lower_name`],
        ),
        [{ name: `${t}_lower_name`, same: true, valid: true }],
      );
    },
  },
  {
    what: 'a view on it',
    slug: 'view',
    add: (t) => [`CREATE VIEW ${t}_shown AS SELECT id, name FROM ${t} WHERE name <> 'hidden'`],
    holds: async (t) => {
      const shown = await idsOf(`SELECT id FROM ${t}_shown`);
      assert.ok(shown.length > 0);
      assert.deepEqual(
        shown,
        await idsOf(`SELECT id FROM ${t} WHERE name <> 'hidden'`),
        'the view reads the loaded rows',
      );
    },
  },
];

const PEOPLE: LoadTarget['columns'] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
];
const FIRST: Row[] = [
  { id: 1, name: 'ada' },
  { id: 2, name: 'hidden' },
  { id: 3, name: 'cy' },
];
const SECOND: Row[] = [
  { id: 2, name: 'bob' },
  { id: 4, name: 'hidden' },
  { id: 5, name: 'dee' },
];

const oidOf = async (t: string) => (await select(db, `SELECT $1::regclass::oid AS oid`, [t]))[0]?.oid;
const rowsOf = (t: string) => select(db, `SELECT id, name, _sluice_run_id AS run FROM ${t} ORDER BY id`);
const tagged = (rows: readonly Row[], pipeline: string, run: string) =>
  rows.map((r) => ({ ...r, run: `sluice/${pipeline}/manual-1/${run}` }));

for (const kept of KEPT) {
  test(`replace keeps ${kept.what}; a repeated replace is still exact`, async () => {
    const t = `keeps_${kept.slug}`;
    const h = harness(t, { table: t, mode: 'replace', key: ['id'], columns: PEOPLE });
    await h.load('run-1', FIRST);
    for (const sql of kept.add(t)) await db.pool.query(sql);
    const oid = await oidOf(t);

    assert.equal((await h.load('run-2', SECOND)).rowsOut, 3);
    await kept.holds(t);
    assert.deepEqual(await rowsOf(t), tagged(SECOND, t, 'run-2'));

    assert.equal((await h.rerun('run-2', 3)).alreadyLoaded, true);
    assert.equal((await h.load('run-3', SECOND)).rowsOut, 3);
    await kept.holds(t);
    assert.deepEqual(await rowsOf(t), tagged(SECOND, t, 'run-3'));
    assert.equal(await oidOf(t), oid, 'the same table, refilled, not a new one');
    assert.deepEqual(await h.ledger(), { 'run-1': 3, 'run-2': 3, 'run-3': 3 });
  });
}

/** Every other way a load writes an existing table, each with the target it writes and the runs it loads. */
const OTHER_WRITES: {
  how: string;
  slug: string;
  target: LoadTarget;
  later?: LoadTarget;
  run: (id: string) => LoadRun;
}[] = [
  {
    how: 'append',
    slug: 'append',
    target: { table: '', mode: 'append', columns: PEOPLE },
    run: (runId) => ({ runId }),
  },
  {
    how: 'merge',
    slug: 'merge',
    target: { table: '', mode: 'merge', key: ['id'], columns: PEOPLE },
    run: (runId) => ({ runId }),
  },
  {
    how: 'replace-partition',
    slug: 'partition',
    target: {
      table: '',
      mode: 'replace-partition',
      partitionColumn: 'day',
      columns: [...PEOPLE, { name: 'day', type: 'date' }],
    },
    run: (runId) => ({ runId, partition: '2024-01-01' }),
  },
  {
    how: 'history',
    slug: 'history',
    target: { table: '', mode: 'history', key: ['id'], closeMissing: true, columns: PEOPLE },
    run: (runId) => ({ runId }),
  },
  {
    how: "replace adding a column under schemaChanges: 'evolve'",
    slug: 'evolve',
    target: { table: '', mode: 'replace', key: ['id'], columns: PEOPLE },
    later: {
      table: '',
      mode: 'replace',
      key: ['id'],
      schemaChanges: 'evolve',
      columns: [...PEOPLE, { name: 'note', type: 'text' }],
    },
    run: (runId) => ({ runId }),
  },
];

for (const write of OTHER_WRITES) {
  test(`${write.how} keeps all of them at once`, async () => {
    const t = `keeps_all_${write.slug}`;
    const first = harness(t, { ...write.target, table: t });
    const later = write.later ? harness(`${t}_later`, { ...write.later, table: t }) : first;
    await first.load(write.run('run-0'), []);
    for (const kept of KEPT) for (const sql of kept.add(t)) await db.pool.query(sql);
    const oid = await oidOf(t);
    await first.load(write.run('run-1'), FIRST);
    await later.load(write.run('run-2'), SECOND);
    for (const kept of KEPT) await kept.holds(t);
    assert.equal(await oidOf(t), oid);
    const columns = await select(
      db,
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      [t],
    );
    for (const { name } of (write.later ?? write.target).columns)
      assert.ok(
        columns.some((c) => c.name === name),
        `column "${name}" is there`,
      );
    assert.ok((await rowsOf(t)).some((r) => r.run === `sluice/${later.pipeline.name}/manual-1/run-2`));
  });
}
