// Incremental watermarks in sluice.state: read by fetches, moved forward only inside a load's transaction.
import type { Pool, PoolClient } from 'pg';
import { compareCursors } from '../../core/fetch/cursor-order';

const WATERMARK = 'watermark';

export async function readWatermark(pool: Pool, pipeline: string, step: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ value: string }>(
    'SELECT value FROM sluice.state WHERE pipeline = $1 AND step = $2 AND name = $3',
    [pipeline, step, WATERMARK],
  );
  return rows[0]?.value;
}

/** Moves each fetch step's watermark to the proposed value when that is later; call inside the load's transaction. */
export async function commitWatermarks(
  client: PoolClient,
  run: { pipeline: string; workflowId: string; runId: string },
  watermarks: Record<string, string>,
): Promise<void> {
  for (const [step, value] of Object.entries(watermarks)) {
    const { rows } = await client.query<{ value: string }>(
      'SELECT value FROM sluice.state WHERE pipeline = $1 AND step = $2 AND name = $3 FOR UPDATE',
      [run.pipeline, step, WATERMARK],
    );
    const current = rows[0]?.value;
    if (current !== undefined && compareCursors(value, current) <= 0) continue;
    await client.query(
      `INSERT INTO sluice.state (pipeline, step, name, value, workflow_id, run_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (pipeline, step, name) DO UPDATE
         SET value = $4, workflow_id = $5, run_id = $6, updated_at = now()`,
      [run.pipeline, step, WATERMARK, value, run.workflowId, run.runId],
    );
  }
}
