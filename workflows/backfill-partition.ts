// Runs one partition as a child of the backfill and records how it ends; it never throws.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { isCancellation, ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { BackfillPartition } from '../core/backfill/backfill-types';
import { runStartOptions } from '../core/run/run-start-options';
import type { RunPipelineInput } from '../core/run/run-types';
import { runWorkflowId } from '../core/run/workflow-id';
import type { BackfillProgress } from './backfill-progress';
import { runPipeline } from './run-pipeline';

const messageOf = (err: unknown): string => {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
};

/**
 * The partition counts as running from the call on, so the caller may start several in one workflow task.
 * Children are cancelled with the backfill, and by REQUEST_CANCEL even when it is terminated.
 */
export async function runPartition(
  pipeline: string,
  partition: BackfillPartition,
  progress: BackfillProgress,
): Promise<void> {
  const input: RunPipelineInput = { pipeline, partition: partition.key, trigger: 'backfill' };
  progress.set(partition, 'running');
  try {
    const child = await startChild(runPipeline, {
      workflowId: runWorkflowId(pipeline, partition.key),
      args: [input],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      ...runStartOptions(input),
    });
    await child.result();
    progress.set(partition, 'succeeded');
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      progress.set(
        partition,
        'already_running',
        'a run of this partition was already running; not started again',
      );
    } else {
      progress.set(partition, isCancellation(err) ? 'cancelled' : 'failed', messageOf(err));
    }
  }
}
