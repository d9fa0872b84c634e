// The bench's workflow bundle: Sluice's runPipeline next to a bare chain of the same activities.
import { proxyActivities } from '@temporalio/workflow';
import type { StepActivities } from '../core/pipeline/step-activities';

export { runPipeline } from '../workflows';

const { fetch } = proxyActivities<StepActivities>({ startToCloseTimeout: '1m' });

/** The baseline: `steps` activities one after another, with no bookkeeping at all. */
export async function bareChain(steps: number): Promise<void> {
  for (let i = 0; i < steps; i += 1) {
    await fetch({
      pipeline: 'bench',
      step: `s${i}`,
      workflowId: '',
      runId: '',
      params: {},
      definitionHash: '',
      inputs: {},
    });
  }
}
