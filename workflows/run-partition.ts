// The partition a run works on: the one it was started for, or for a scheduled run the one its time picks.
import { ApplicationFailure, patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { PartitionError } from '../core/partitions/partition-error';
import { partitionForTime, partitionKeyProblem } from '../core/partitions/partitions';
import type { PipelinePlan } from '../core/pipeline/plan';
import type { RunPipelineInput } from '../core/run/run-types';
import { SluicePartition, TemporalScheduledStartTime } from '../core/run/search-attributes';

/** When the Schedule meant this run to start (typed attribute, then untyped), else when the run started. */
export function scheduledTime(): Date {
  const info = workflowInfo();
  const typed = info.typedSearchAttributes.get(TemporalScheduledStartTime);
  if (typed) return typed;
  const untyped = info.searchAttributes?.TemporalScheduledStartTime?.[0];
  return untyped ? new Date(untyped as string | Date) : info.startTime;
}

/**
 * A Schedule starts runs without a partition: a scheduled run of a partitioned pipeline takes the one its
 * scheduled time falls in, moved by the plan's offset, and publishes it as SluicePartition. Any other run
 * keeps the partition of its input, which must be one of the plan's: a run started past the CLI (the
 * client library, Temporal's own tools) is checked here too. Deterministic: the scheduled time is fixed
 * when the run starts.
 */
export function runPartition(input: RunPipelineInput, plan: PipelinePlan): string | undefined {
  const partition = chosenPartition(input, plan);
  if (input.partition && plan.partitions && patched('sluice-partition-check')) {
    const problem = partitionKeyProblem(plan.partitions, input.partition);
    if (problem)
      throw ApplicationFailure.create({
        type: 'SluiceBadInput',
        nonRetryable: true,
        message: `pipeline ${plan.pipeline}, run ${workflowInfo().workflowId}: partition ${problem}; start the run again with one of the pipeline's partitions`,
      });
  }
  const replacing = plan.steps.find((step) => step.replacesPartition);
  if (!partition && replacing) {
    throw ApplicationFailure.create({
      type: 'SluiceBadInput',
      nonRetryable: true,
      message: `pipeline ${plan.pipeline}: step ${replacing.id} replaces one partition, and this run has none; start it with a partition (sluice run ${plan.pipeline} --partition <key>)`,
    });
  }
  return partition;
}

function chosenPartition(input: RunPipelineInput, plan: PipelinePlan): string | undefined {
  if (input.partition || input.trigger !== 'schedule' || !plan.partitions) return input.partition;
  try {
    const partition = partitionForTime(plan.partitions, scheduledTime(), plan.scheduledPartitionOffset);
    upsertSearchAttributes([{ key: SluicePartition, value: partition }]);
    return partition;
  } catch (err) {
    if (!(err instanceof PartitionError)) throw err;
    throw ApplicationFailure.create({
      type: 'SluiceDefinitionError',
      nonRetryable: true,
      message: `pipeline ${plan.pipeline}: ${err.message}`,
    });
  }
}
