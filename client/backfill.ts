// Starts a backfill of a pipeline's partition range, refusing a second one over the same range while it runs.
import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { backfillInputProblems } from '../core/backfill/backfill-input';
import type { BackfillInput } from '../core/backfill/backfill-types';
import { SluicePipeline, SluiceTrigger } from '../core/run/search-attributes';
import { backfillWorkflowId } from '../core/run/workflow-id';
import type { backfillPipeline } from '../workflows';
import { BackfillAlreadyRunningError, BackfillInputError } from './backfill-errors';

export interface StartBackfillOptions extends Omit<BackfillInput, 'carried'> {
  taskQueue: string;
}

/**
 * Starts `backfillPipeline` as `sluice-backfill/<pipeline>/<from>..<to>`. The partition keys are checked
 * against the pipeline by the workflow, which fails at once (SluiceBadInput) when they do not fit.
 * @example await startBackfill(client, { pipeline: 'orders_csv', from: '2026-01-01', to: '2026-01-31', taskQueue: 'sluice' })
 */
export async function startBackfill(
  client: Client,
  options: StartBackfillOptions,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof backfillPipeline>> {
  const { taskQueue, ...input } = options;
  const problems = backfillInputProblems(input);
  if (problems.length > 0) throw new BackfillInputError(`cannot backfill: ${problems.join('; ')}`);
  const workflowId = backfillWorkflowId(input.pipeline, input.from, input.to);
  try {
    return await client.workflow.start<typeof backfillPipeline>('backfillPipeline', {
      taskQueue,
      workflowId,
      args: [input],
      staticSummary: `${input.pipeline} backfill ${input.from}..${input.to}`,
      typedSearchAttributes: [
        { key: SluicePipeline, value: input.pipeline },
        { key: SluiceTrigger, value: 'backfill' },
      ],
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError)
      throw new BackfillAlreadyRunningError(workflowId);
    throw err;
  }
}
