// Starts one pipeline run under its business workflow id, refusing a second start while one runs.
import { randomBytes } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import type { RunPipelineInput } from '../core/run/run-types';
import { runStartOptions } from '../core/run/run-start-options';
import { previewWorkflowId, runWorkflowId } from '../core/run/workflow-id';
import type { runPipeline } from '../workflows';
import { RunAlreadyRunningError } from './run-errors';

export interface StartRunOptions extends RunPipelineInput {
  taskQueue: string;
}

/** `20261123T193400Z-3fa9`: sortable, readable, and unique enough for manual runs. */
export function manualRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export async function startRun(
  client: Client,
  options: StartRunOptions,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof runPipeline>> {
  const { taskQueue, ...input } = options;
  const workflowId = input.preview
    ? previewWorkflowId(input.pipeline, manualRunId())
    : runWorkflowId(input.pipeline, input.partition, manualRunId());
  try {
    return await client.workflow.start<typeof runPipeline>('runPipeline', {
      taskQueue,
      workflowId,
      args: [input],
      ...runStartOptions(input),
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new RunAlreadyRunningError(workflowId);
    throw err;
  }
}
