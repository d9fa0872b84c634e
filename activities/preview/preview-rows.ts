// The rows a preview records under its own run id, none of which count for real runs, and their removal.
import type { Queryable } from '../load/write-context';

/** Quarantined rows, check results and the row counts anomaly checks compare against. */
const PREVIEW_RUN_ROWS = ['sluice.quarantine', 'sluice.check_results', 'sluice.check_row_counts'];

/** Deletes one preview's rows; what its end does. */
export async function deletePreviewRows(client: Queryable, workflowId: string, runId: string): Promise<void> {
  for (const table of PREVIEW_RUN_ROWS)
    await client.query(`DELETE FROM ${table} WHERE workflow_id = $1 AND run_id = $2`, [workflowId, runId]);
}

/**
 * Deletes the rows of previews that are not live (as the staging sweeper judges runs): a preview that was
 * terminated, or whose workers died, never ran its end. Returns how many rows went.
 */
export async function sweepPreviewRows(client: Queryable, maxAgeHours: number): Promise<number> {
  let deleted = 0;
  for (const table of PREVIEW_RUN_ROWS) {
    const result = await client.query(
      `DELETE FROM ${table} t USING sluice.runs r
        WHERE r.preview AND t.workflow_id = r.workflow_id AND t.run_id = r.run_id
          AND NOT (r.status IN ('running', 'paused', 'waiting') AND r.started_at > now() - make_interval(hours => $1))`,
      [maxAgeHours],
    );
    deleted += result.rowCount ?? 0;
  }
  return deleted;
}
