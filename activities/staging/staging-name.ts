// Deterministic staging table names: one per run and step, all of a run sharing one prefix.
import { createHash } from 'node:crypto';

export const STAGING_SCHEMA = 'sluice_staging';

/** The prefix every staging table of one run starts with: `r` and 12 hex digits of the run's hash. */
export function runStagingPrefix(workflowId: string, runId: string): string {
  return `r${createHash('sha256').update(`${workflowId}\u0000${runId}`).digest('hex').slice(0, 12)}`;
}

/** `r<run hash>_<step>`, cut to PostgreSQL's 63-character limit. */
export function stagingTableName(workflowId: string, runId: string, step: string): string {
  return `${runStagingPrefix(workflowId, runId)}_${step}`.slice(0, 63);
}
