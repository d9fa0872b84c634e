// `sluice.backfills`: starts a backfill of a partition range, reads its progress and follows it to its end.
import type { Client } from '@temporalio/client';
import { backfillStatusQuery } from '../core/backfill/backfill-messages';
import type { BackfillResult, BackfillStatus } from '../core/backfill/backfill-types';
import type { backfillPipeline } from '../workflows/backfill-pipeline';
import { startBackfill, type StartBackfillOptions } from './backfill';
import { follow, type FollowOptions } from './follow';

export class BackfillsClient {
  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
  ) {}

  /**
   * Starts one child run per partition from..to as `sluice-backfill/<pipeline>/<from>..<to>`; refuses with
   * BackfillInputError before anything starts, or BackfillAlreadyRunningError while that range runs.
   * @example await sluice.backfills.start({ pipeline: 'daily_orders', from: '2026-10-01', to: '2026-10-31' });
   */
  async start(options: Omit<StartBackfillOptions, 'taskQueue'>): Promise<{ workflowId: string }> {
    const handle = await startBackfill(this.temporal, { ...options, taskQueue: this.taskQueue });
    return { workflowId: handle.workflowId };
  }

  /** Counts and every partition's state, across continue-as-new. */
  status(workflowId: string): Promise<BackfillStatus> {
    return this.handle(workflowId).query(backfillStatusQuery);
  }

  /** Waits for the backfill to end; a failed partition does not fail it, the result lists it. */
  result(workflowId: string): Promise<BackfillResult> {
    return this.handle(workflowId).result();
  }

  /**
   * Follows the backfill to its end, handing `onProgress` its status every `intervalMs` (default 500);
   * settles as `result` does.
   */
  watch(workflowId: string, options: FollowOptions<BackfillStatus> = {}): Promise<BackfillResult> {
    return follow(this.result(workflowId), () => this.status(workflowId), options);
  }

  private handle(workflowId: string) {
    return this.temporal.workflow.getHandle<typeof backfillPipeline>(workflowId);
  }
}
