// A real PostgreSQL for activity tests (no Temporal): embedded on a free port, or DATABASE_URL when set.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Pool } from 'pg';
import { migrate } from '../../activities/db/migrate';
import { openPool } from '../../runtime/open-pool';
import { startPostgres } from '../../devstack/embedded-postgres';
import { freePort } from '../../devstack/port-check';

export interface TestDatabase {
  url: string;
  pool: Pool;
  stop(): Promise<void>;
}

/** Starts PostgreSQL once for the file, with Sluice's migrations applied. */
export async function startTestDatabase(): Promise<TestDatabase> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-db-'));
  const postgres = await startPostgres({
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    dataDir: path.join(home, 'postgres'),
    port: await freePort(),
    log: () => undefined,
  });
  const pool = await openPool(postgres.url);
  await migrate(pool);
  return {
    url: postgres.url,
    pool,
    stop: async () => {
      await pool.end();
      await postgres.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: one database, started before its tests (then `setUp` runs on it) and stopped after.
 * The returned object is filled in by the time the tests run.
 */
export function useTestDatabase(setUp?: (db: TestDatabase) => Promise<void>): TestDatabase {
  const db = {} as TestDatabase;
  before(async () => {
    Object.assign(db, await startTestDatabase());
    await setUp?.(db);
  });
  after(async () => {
    await db.stop();
  });
  return db;
}
