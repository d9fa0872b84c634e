// Incremental watermarks in sluice.state: read by fetches, moved forward only inside a load's transaction.
import type { Pool, PoolClient } from 'pg';
import { compareCursorKeys, cursorKey } from '../../core/fetch/cursor-order';
import { definedCursorType } from '../../core/fetch/cursor-type';
import type { PipelineDefinition } from '../../core/pipeline/define-pipeline';
import { watermarkFetchOf } from '../../core/fetch/watermark-source';

const WATERMARK = 'watermark';

export async function readWatermark(pool: Pool, pipeline: string, step: string): Promise<string | undefined> {
  const { rows } = await pool.query<{ value: string }>(
    'SELECT value FROM sluice.state WHERE pipeline = $1 AND step = $2 AND name = $3',
    [pipeline, step, WATERMARK],
  );
  return rows[0]?.value;
}

/**
 * Moves each incremental fetch's watermark to the value proposed for it when that is later, compared in the
 * cursor's type; call inside the load's transaction. `proposals` are by proposing step: the validate step that
 * reads the fetch, or the fetch itself when none does (watermarkSourceOf). A proposal from any other step (a
 * fetch's own, from a run that began before its validate step proposed) or not of the cursor's type is ignored,
 * and a committed value not of the type is replaced.
 */
export async function commitWatermarks(
  client: PoolClient,
  run: { workflowId: string; runId: string },
  pipeline: PipelineDefinition,
  proposals: Record<string, string>,
): Promise<void> {
  for (const [proposer, value] of Object.entries(proposals)) {
    const fetch = watermarkFetchOf(pipeline, proposer);
    if (!fetch) continue;
    const type = definedCursorType(pipeline, fetch);
    const proposed = cursorKey(type, value);
    if (!proposed) continue;
    const { rows } = await client.query<{ value: string }>(
      'SELECT value FROM sluice.state WHERE pipeline = $1 AND step = $2 AND name = $3 FOR UPDATE',
      [pipeline.name, fetch.id, WATERMARK],
    );
    const current = rows[0] && cursorKey(type, rows[0].value);
    if (current && compareCursorKeys(proposed, current) <= 0) continue;
    await client.query(
      `INSERT INTO sluice.state (pipeline, step, name, value, workflow_id, run_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (pipeline, step, name) DO UPDATE
         SET value = $4, workflow_id = $5, run_id = $6, updated_at = now()`,
      [pipeline.name, fetch.id, WATERMARK, value, run.workflowId, run.runId],
    );
  }
}
