// deploy/postgres/roles.sql on a real PostgreSQL: the worker role migrates and loads, and can do nothing more; the reader only reads.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startRun } from '../../client/start-run';
import { migrate } from '../../activities/db/migrate';
import { ROOT } from '../support/run-process';
import { createTestWorker, startTestStack, type TestStack } from '../support/test-stack';

const DATABASE = 'warehouse_least_privilege';
const WORKER = 'sluice_worker';
const READER = 'sluice_reader';
/** A quote and a space: psql's :'variable' must quote the password, not paste it. */
const workerPassword = `it's ${randomBytes(9).toString('base64url')}`;
const readerPassword = randomBytes(12).toString('base64url');
const pools: pg.Pool[] = [];

/** The stack's superuser URL, on another database and optionally as another login. */
function urlFor(database: string, login?: { user: string; password: string }): string {
  const url = new URL(stack.databaseUrl);
  url.pathname = `/${database}`;
  if (login) {
    url.username = encodeURIComponent(login.user);
    url.password = encodeURIComponent(login.password);
  }
  return url.toString();
}

function poolFor(database: string, login?: { user: string; password: string }): pg.Pool {
  const pool = new pg.Pool({ connectionString: urlFor(database, login), max: 20 });
  pools.push(pool);
  return pool;
}

/** The administrator's URL without its password, and that password: psql gets it as PGPASSWORD, never in argv. */
function adminLogin(): { url: string; password: string } {
  const url = new URL(urlFor('postgres'));
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), password };
}

/** Runs roles.sql as the administrator with psql (from PATH), exactly as the README says: names as -v, passwords by environment. */
async function runRolesSql(
  // orders_csv loads into public (the example project names no schema), so the script is told so.
  variables: Record<string, string> = {
    worker_role: WORKER,
    database: DATABASE,
    reader_role: READER,
    target_schema: 'public',
  },
  passwords: Record<string, string> = {
    SLUICE_WORKER_PASSWORD: workerPassword,
    SLUICE_READER_PASSWORD: readerPassword,
  },
): Promise<void> {
  const args = Object.entries(variables).flatMap(([name, value]) => ['-v', `${name}=${value}`]);
  const script = path.join(ROOT, 'deploy/postgres/roles.sql');
  const { url, password } = adminLogin();
  try {
    await promisify(execFile)('psql', ['-X', '-q', ...args, '-f', script, url], {
      env: { ...process.env, PGPASSWORD: password, ...passwords },
    });
  } catch (err) {
    const { code, stderr } = err as { code?: unknown; stderr?: string };
    if (code === 'ENOENT') throw new Error('this test needs psql (the PostgreSQL client) on PATH');
    throw new Error(`roles.sql failed: ${stderr ?? String(err)}`, { cause: err });
  }
}

/** What roles.sql decides: role attributes and password, database, schema and default grants. */
async function privilegeSnapshot(admin: pg.Pool): Promise<unknown[]> {
  const queries = [
    `SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolinherit, rolcanlogin,
            rolpassword FROM pg_authid WHERE rolname IN ('${WORKER}', '${READER}') ORDER BY rolname`,
    `SELECT datname, datacl::text FROM pg_database ORDER BY datname`,
    `SELECT nspname, nspowner::regrole::text, nspacl::text FROM pg_namespace ORDER BY nspname`,
    `SELECT defaclnamespace::regnamespace::text, defaclacl::text FROM pg_default_acl ORDER BY 1`,
  ];
  return Promise.all(queries.map(async (sql) => (await admin.query(sql)).rows));
}

async function assertDenied(query: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(query, (err: { code?: string }) => err.code === '42501', `${what} must be refused`);
}

let stack: TestStack;
let admin: pg.Pool;
let worker: pg.Pool;
let reader: pg.Pool;

before(async () => {
  stack = await startTestStack();
  await stack.pool.query(`CREATE DATABASE ${DATABASE}`);
  // Nobody gets the database through PUBLIC: what the roles may do, roles.sql granted them.
  await stack.pool.query(`REVOKE ALL ON DATABASE ${DATABASE} FROM PUBLIC`);
  await runRolesSql();
  admin = poolFor(DATABASE);
  await admin.query(`CREATE SCHEMA hr; CREATE TABLE hr.salaries (name text, salary int);
    INSERT INTO hr.salaries VALUES ('Ada', 100)`);
  worker = poolFor(DATABASE, { user: WORKER, password: workerPassword });
  reader = poolFor(DATABASE, { user: READER, password: readerPassword });
});

after(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await stack.stopAll();
});

async function runOrdersCsv() {
  const { worker: temporalWorker, taskQueue } = await createTestWorker(stack, {
    name: 'least',
    pool: worker,
  });
  return temporalWorker.runUntil(async () =>
    (
      await startRun(stack.temporal.client, { pipeline: 'orders_csv', trigger: 'manual', taskQueue })
    ).result(),
  );
}

test('the worker role applies every migration, then loads orders_csv once: 25 rows, a second run none', async () => {
  const { applied } = await migrate(worker);
  const migrations = readdirSync(path.join(ROOT, 'activities/db/migrations')).filter((f) =>
    f.endsWith('.sql'),
  );
  assert.equal(applied.length, migrations.length, 'every migration ran as the worker role');
  const loaded = (summary: Awaited<ReturnType<typeof runOrdersCsv>>) =>
    summary.steps.find((s) => s.id === 'load_orders_fct')?.rowsOut;
  assert.equal(loaded(await runOrdersCsv()), 25);
  assert.equal(loaded(await runOrdersCsv()), 0, 'a repeated run loads nothing');
  const { rows } = await worker.query(
    `SELECT count(*)::int AS n, (SELECT tableowner FROM pg_tables WHERE tablename = 'fct_orders') AS owner
       FROM fct_orders`,
  );
  assert.deepEqual(rows[0], { n: 25, owner: WORKER });
});

test('the worker role has no cluster-wide powers: no roles, no databases, no schemas', async () => {
  const { rows } = await admin.query(
    `SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = $1`,
    [WORKER],
  );
  assert.deepEqual(rows, [
    { rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false },
  ]);
  await assertDenied(worker.query('CREATE ROLE intruder LOGIN'), 'CREATE ROLE');
  await assertDenied(worker.query('CREATE DATABASE intruder'), 'CREATE DATABASE');
  await assertDenied(worker.query('CREATE SCHEMA intruder'), 'CREATE SCHEMA');
});

test('the worker role holds grants on its database only', async () => {
  const { rows } = await admin.query(
    `SELECT d.datname FROM pg_database d, aclexplode(d.datacl) a
      WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1) GROUP BY d.datname`,
    [WORKER],
  );
  assert.deepEqual(rows, [{ datname: DATABASE }]);
});

test('the worker role cannot read or write a schema it was not granted, nor drop the sluice schema', async () => {
  await assertDenied(worker.query('SELECT * FROM hr.salaries'), 'SELECT on hr.salaries');
  await assertDenied(worker.query(`INSERT INTO hr.salaries VALUES ('Eve', 1)`), 'INSERT into hr.salaries');
  await assertDenied(worker.query('DROP SCHEMA sluice CASCADE'), 'DROP SCHEMA sluice');
  await assertDenied(worker.query('DROP SCHEMA sluice_staging CASCADE'), 'DROP SCHEMA sluice_staging');
});

test('the reader role reads the loaded table and the run records, and writes nothing', async () => {
  const count = async (table: string) =>
    (await reader.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  assert.equal(await count('fct_orders'), 25);
  assert.equal(await count('sluice.runs'), 2);
  assert.ok((await count('sluice.step_runs')) > 0);
  assert.ok((await count('sluice.check_results')) > 0);
  assert.equal(await count('sluice.quarantine'), 0);
  await assertDenied(
    reader.query(`INSERT INTO fct_orders (order_id, customer_id, status, amount, ordered_at)
      VALUES (999, 'C999', 'placed', 1, now())`),
    'INSERT into fct_orders',
  );
  await assertDenied(reader.query('DELETE FROM sluice.runs'), 'DELETE from sluice.runs');
  await assertDenied(reader.query('CREATE TABLE public.mine (id int)'), 'CREATE TABLE in public');
  await assertDenied(reader.query('SELECT * FROM hr.salaries'), 'SELECT on hr.salaries');
});

test('running roles.sql again changes nothing', async () => {
  const superuser = poolFor('postgres');
  const before_ = await privilegeSnapshot(superuser);
  await runRolesSql();
  assert.deepEqual(await privilegeSnapshot(superuser), before_);
});

test('a password given as a -v argument is refused, with the variable to use instead', async () => {
  await assert.rejects(
    runRolesSql({ worker_role: 'sluice_argv', database: DATABASE, worker_password: 'in-argv' }, {}),
    /takes passwords from SLUICE_WORKER_PASSWORD \/ SLUICE_READER_PASSWORD, not -v/,
  );
  const { rows } = await poolFor('postgres').query(`SELECT 1 FROM pg_roles WHERE rolname = 'sluice_argv'`);
  assert.equal(rows.length, 0, 'no role was created');
});

test('without -v target_schema the worker gets a schema of its own, sluice_target, and nothing in public', async () => {
  const role = 'sluice_default_schema';
  await runRolesSql({ worker_role: role, database: DATABASE }, { SLUICE_WORKER_PASSWORD: readerPassword });
  const { rows } = await admin.query(
    `SELECT has_schema_privilege($1, 'sluice_target', 'USAGE, CREATE') AS own,
            has_schema_privilege($1, 'public', 'CREATE') AS public,
            (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'sluice_target') AS owner`,
    [role],
  );
  assert.deepEqual(rows[0], { own: true, public: false, owner: 'postgres' });
});
