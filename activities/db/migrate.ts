// Applies the versioned SQL files in ./migrations once each, under an advisory lock so workers may race.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
/** Any constant unique to Sluice; every worker takes the same lock. */
const MIGRATION_LOCK_KEY = 7_318_244_019;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/** Brings the sluice schema up to date; safe to call from many workers at once. */
export async function migrate(pool: Pool): Promise<MigrationResult> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists, which a
    // least-privilege worker (deploy/postgres/roles.sql) lacks: create it only when it is missing.
    await client.query(`DO $$ BEGIN IF to_regnamespace('sluice') IS NULL THEN CREATE SCHEMA sluice; END IF; END $$;
      CREATE TABLE IF NOT EXISTS sluice.schema_migrations (
        version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM sluice.schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: string[] = [];
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (done.has(version)) continue;
      const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO sluice.schema_migrations (version, name) VALUES ($1, $2)', [
          version,
          file,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(file);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
