// The compose PostgreSQL's first-start scripts on a real PostgreSQL, in the image's order: Temporal's login owns its databases and nothing more; the warehouse roles follow.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { useTestDatabase } from '../support/test-database';
import { ROOT, startCommand } from '../support/run-process';

const db = useTestDatabase(runInitScripts);
const TEMPORAL_PASSWORD = `t'${randomBytes(9).toString('base64url')}`;
const WAREHOUSE_PASSWORD = randomBytes(12).toString('base64url');
const pools: pg.Pool[] = [];

/** What the image gives its init scripts: the superuser's name, and a server reached through libpq's variables. */
function scriptEnv(): NodeJS.ProcessEnv {
  const url = new URL(db.url);
  return {
    POSTGRES_USER: decodeURIComponent(url.username),
    PGHOST: url.hostname,
    PGPORT: url.port,
    PGPASSWORD: decodeURIComponent(url.password),
    TEMPORAL_DB_USER: 'temporal',
    TEMPORAL_DB_PASSWORD: TEMPORAL_PASSWORD,
    WAREHOUSE_USER: 'sluice',
    WAREHOUSE_PASSWORD,
    WAREHOUSE_DB: 'warehouse',
    WAREHOUSE_SCHEMA: 'sluice_target',
    ROLES_SQL: path.join(ROOT, 'deploy/postgres/roles.sql'),
  };
}

function poolAs(database: string, user?: string, password?: string): pg.Pool {
  const url = new URL(db.url);
  url.pathname = `/${database}`;
  if (user && password) {
    url.username = user;
    url.password = encodeURIComponent(password);
  }
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pools.push(pool);
  return pool;
}

/** Runs the scripts as the image does on a first start (an empty data directory), in their file-name order. */
async function runInitScripts(): Promise<void> {
  // A shared DATABASE_URL server may hold an earlier run's: the scripts expect a first start.
  for (const name of ['temporal', 'temporal_visibility', 'warehouse'])
    await db.pool.query(`DROP DATABASE IF EXISTS ${name}`);
  await db.pool.query('DROP ROLE IF EXISTS temporal');
  for (const script of ['create-temporal.sh', 'create-warehouse.sh']) {
    const run = await startCommand('sh', [path.join(ROOT, 'deploy/postgres', script)], scriptEnv()).done;
    assert.equal(run.code, 0, `${script}: ${run.stderr}`);
  }
}

after(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

test("Temporal's login is no superuser and may create neither databases nor roles", async () => {
  const { rows } = await db.pool.query(
    `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls
       FROM pg_roles WHERE rolname = 'temporal'`,
  );
  assert.deepEqual(rows, [
    {
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
    },
  ]);
  const temporal = poolAs('temporal', 'temporal', TEMPORAL_PASSWORD);
  await assert.rejects(temporal.query('CREATE DATABASE intruder'), { code: '42501' });
  await assert.rejects(temporal.query('CREATE ROLE intruder'), { code: '42501' });
  await assert.rejects(poolAs('warehouse', 'temporal', TEMPORAL_PASSWORD).query('SELECT 1'), {
    code: '42501',
  });
});

test("it owns Temporal's two databases: what the schema tool does there (tables, btree_gin) it may do", async () => {
  for (const database of ['temporal', 'temporal_visibility']) {
    const pool = poolAs(database, 'temporal', TEMPORAL_PASSWORD);
    await pool.query('CREATE TABLE schema_version (version text)');
    await pool.query("INSERT INTO schema_version VALUES ('0.0')");
    assert.equal((await pool.query('SELECT current_database() AS d')).rows[0]?.d, database);
  }
  await poolAs('temporal_visibility', 'temporal', TEMPORAL_PASSWORD).query('CREATE EXTENSION btree_gin');
});

test('the warehouse script then creates the workers login on the schema it was given', async () => {
  const { rows } = await poolAs('warehouse').query(
    `SELECT has_schema_privilege('sluice', 'sluice_target', 'USAGE, CREATE') AS target,
            has_schema_privilege('sluice', 'public', 'CREATE') AS public`,
  );
  assert.deepEqual(rows[0], { target: true, public: false });
  const worker = poolAs('warehouse', 'sluice', WAREHOUSE_PASSWORD);
  assert.equal((await worker.query('SELECT current_user AS u')).rows[0]?.u, 'sluice');
});
