// backfillPipeline: one child runPipeline per partition of a range, a bounded number at a time.
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  workflowInfo,
} from '@temporalio/workflow';
import {
  backfillInputProblems,
  DEFAULT_BACKFILL_PARALLEL,
  DEFAULT_PARTITIONS_PER_RUN,
} from '../core/backfill/backfill-input';
import type { BackfillInput, BackfillResult } from '../core/backfill/backfill-types';
import { runPartition } from './backfill-partition';
import { BackfillProgress } from './backfill-progress';
import { backfillRange } from './backfill-range';

/**
 * Runs every partition from `from` to `to` as its own child run (`sluice/<pipeline>/<partition>`), at most
 * `maxParallel` at once. Pause stops new partitions starting; cancelling cancels the running ones. A failed
 * partition does not stop the others: the result lists it. After `partitionsPerRun` children, or when Temporal
 * suggests it, the backfill lets its children finish and continues as new with the rest.
 */
export async function backfillPipeline(input: BackfillInput): Promise<BackfillResult> {
  const problems = backfillInputProblems(input);
  if (problems.length > 0) {
    throw ApplicationFailure.create({
      type: 'SluiceBadInput',
      nonRetryable: true,
      message: `backfill of ${input.pipeline}: ${problems.join('; ')}`,
    });
  }
  const progress = new BackfillProgress(input);
  if (!input.carried) {
    const { keys, succeeded } = await backfillRange(input);
    progress.plan(keys, succeeded);
  }
  const maxParallel = input.maxParallel ?? DEFAULT_BACKFILL_PARALLEL;
  const perRun = input.partitionsPerRun ?? DEFAULT_PARTITIONS_PER_RUN;
  let started = 0;
  // Children are cancelled when their parent closes, continue-as-new included: drain them first.
  const timeToContinue = () => started >= perRun || workflowInfo().continueAsNewSuggested;
  const idle = () => progress.count('running') === 0;
  const slotFree = () => !progress.paused && progress.count('running') < maxParallel;
  progress.publish();
  try {
    for (let next = progress.nextPending(); next && !timeToContinue(); next = progress.nextPending()) {
      if (!slotFree()) await condition(slotFree);
      // Not awaited: every free slot gets its child in the same workflow task.
      void runPartition(input.pipeline, next, progress);
      started += 1;
    }
    await condition(idle);
  } catch (err) {
    if (isCancellation(err)) await CancellationScope.nonCancellable(() => condition(idle));
    throw err;
  }
  if (progress.nextPending()) {
    return continueAsNew<typeof backfillPipeline>({ ...input, carried: progress.carry() });
  }
  return progress.result();
}
