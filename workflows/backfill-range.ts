// Which partitions a backfill covers, and which of them already succeeded (skipped unless forced).
import { ApplicationFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { SluiceActivities } from '../activities';
import type { BackfillInput } from '../core/backfill/backfill-types';
import { PartitionError } from '../core/partitions/partition-error';
import { listPartitionKeys } from '../core/partitions/partitions';

const { resolvePlan } = proxyLocalActivities<SluiceActivities>({ startToCloseTimeout: '30s' });
const { succeededPartitions } = proxyActivities<SluiceActivities>({
  startToCloseTimeout: '1m',
  retry: { maximumAttempts: 10 },
});

const badInput = (message: string) =>
  ApplicationFailure.create({ type: 'SluiceBadInput', nonRetryable: true, message });

export async function backfillRange(
  input: BackfillInput,
): Promise<{ keys: string[]; succeeded: ReadonlySet<string> }> {
  const plan = await resolvePlan({ pipeline: input.pipeline });
  if (!plan.partitions) {
    throw badInput(`pipeline ${plan.pipeline} declares no partitions; give it partitions to backfill it`);
  }
  let keys: string[];
  try {
    keys = listPartitionKeys(plan.partitions, input.from, input.to);
  } catch (err) {
    if (err instanceof PartitionError) throw badInput(`backfill of ${plan.pipeline}: ${err.message}`);
    throw err;
  }
  const succeeded = input.force
    ? []
    : await succeededPartitions({ pipeline: plan.pipeline, partitions: keys });
  return { keys, succeeded: new Set(succeeded) };
}
