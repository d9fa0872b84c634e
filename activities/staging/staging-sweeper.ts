// Drops staging tables that no live run owns: left behind by crashed, terminated or long-dead runs.
import type { Pool } from 'pg';
import { ident } from '../db/identifiers';
import { runStagingPrefix, STAGING_SCHEMA } from './staging-name';

/** Any constant unique to the sweeper; one worker sweeps at a time, the others skip. */
const SWEEP_LOCK_KEY = 7_318_244_020;

export interface SweepResult {
  dropped: string[];
  kept: number;
  /** False when another worker held the sweep lock. */
  swept: boolean;
}

/**
 * Keeps the tables of runs recorded as running in sluice.runs that started less than `maxAgeHours` ago
 * (a run records itself before any step writes staging); drops every other staging table.
 */
export async function sweepStaging(pool: Pool, maxAgeHours = 168): Promise<SweepResult> {
  const client = await pool.connect();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      SWEEP_LOCK_KEY,
    ]);
    if (!lock[0]?.ok) return { dropped: [], kept: 0, swept: false };
    try {
      const { rows: live } = await client.query<{ workflow_id: string; run_id: string }>(
        `SELECT workflow_id, run_id FROM sluice.runs
         WHERE status IN ('running', 'paused', 'waiting') AND started_at > now() - make_interval(hours => $1)`,
        [maxAgeHours],
      );
      const livePrefixes = new Set(live.map((r) => `${runStagingPrefix(r.workflow_id, r.run_id)}_`));
      const { rows: tables } = await client.query<{ name: string }>(
        'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1',
        [STAGING_SCHEMA],
      );
      const stale = tables
        .map((t) => t.name)
        .filter((name) => ![...livePrefixes].some((p) => name.startsWith(p)));
      for (const name of stale)
        await client.query(`DROP TABLE IF EXISTS ${ident(STAGING_SCHEMA)}.${ident(name)}`);
      return { dropped: stale, kept: tables.length - stale.length, swept: true };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
