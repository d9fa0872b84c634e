// The cleanup activity: drops a finished run's staging tables.
import type { Pool } from 'pg';
import { dropRunStaging } from './staging/staging-cleanup';

export function createCleanup(pool: Pool) {
  return async function cleanup(input: { workflowId: string; runId: string }): Promise<{ dropped: number }> {
    return { dropped: await dropRunStaging(pool, input.workflowId, input.runId) };
  };
}
