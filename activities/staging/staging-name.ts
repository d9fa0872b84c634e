// Deterministic staging table names: one per run and step, all of a run sharing one prefix.
import { createHash } from 'node:crypto';
import { RUN_HASH_DIGITS, stagingTableName as nameInRun } from '../../core/staging/staging-table-name';

export const STAGING_SCHEMA = 'sluice_staging';

/** The prefix every staging table of one run starts with: `r` and 12 hex digits of the run's hash. */
export function runStagingPrefix(workflowId: string, runId: string): string {
  return `r${createHash('sha256').update(`${workflowId}\u0000${runId}`).digest('hex').slice(0, RUN_HASH_DIGITS)}`;
}

/** `r<run hash>_<step>`, cut to PostgreSQL's 63-character limit. */
export function stagingTableName(workflowId: string, runId: string, step: string): string {
  return nameInRun(runStagingPrefix(workflowId, runId), step);
}
