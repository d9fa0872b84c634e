// Drops staging and preview scratch tables that no live run owns: left behind by crashed, terminated or long-dead runs.
import type { Pool } from 'pg';
import { ident } from '../db/identifiers';
import { sweepPreviewRows } from '../preview/preview-rows';
import { PREVIEW_SCHEMA } from '../preview/preview-schema';
import { runStagingPrefix, STAGING_SCHEMA } from './staging-name';

/** Staging, and the scratch tables of previews: both are named from their run, and dropped with it. */
const SWEPT_SCHEMAS = [STAGING_SCHEMA, PREVIEW_SCHEMA];

/** Any constant unique to the sweeper; one worker sweeps at a time, the others skip. */
const SWEEP_LOCK_KEY = 7_318_244_020;

export interface SweepResult {
  dropped: string[];
  kept: number;
  /** False when another worker held the sweep lock. */
  swept: boolean;
  /** Rows (quarantine, check results) that previews which never ended left under their run ids. */
  previewRows: number;
}

/**
 * Keeps the tables of runs recorded as running in sluice.runs that started less than `maxAgeHours` ago
 * (a run records itself before any step writes staging); drops every other staging and scratch table
 * (a staging table by its name, a scratch table as `sluice_preview.<name>`), and the rows such previews
 * recorded under their run ids.
 */
export async function sweepStaging(pool: Pool, maxAgeHours = 168): Promise<SweepResult> {
  const client = await pool.connect();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      SWEEP_LOCK_KEY,
    ]);
    if (!lock[0]?.ok) return { dropped: [], kept: 0, swept: false, previewRows: 0 };
    try {
      const { rows: live } = await client.query<{ workflow_id: string; run_id: string }>(
        `SELECT workflow_id, run_id FROM sluice.runs
         WHERE status IN ('running', 'paused', 'waiting') AND started_at > now() - make_interval(hours => $1)`,
        [maxAgeHours],
      );
      const livePrefixes = new Set(live.map((r) => `${runStagingPrefix(r.workflow_id, r.run_id)}_`));
      const { rows: tables } = await client.query<{ schema: string; name: string }>(
        'SELECT schemaname AS schema, tablename AS name FROM pg_tables WHERE schemaname = ANY($1::text[])',
        [SWEPT_SCHEMAS],
      );
      const stale = tables.filter((t) => ![...livePrefixes].some((p) => t.name.startsWith(p)));
      for (const t of stale) await client.query(`DROP TABLE IF EXISTS ${ident(t.schema)}.${ident(t.name)}`);
      return {
        dropped: stale.map((t) => (t.schema === STAGING_SCHEMA ? t.name : `${t.schema}.${t.name}`)),
        kept: tables.length - stale.length,
        swept: true,
        previewRows: await sweepPreviewRows(client, maxAgeHours),
      };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
