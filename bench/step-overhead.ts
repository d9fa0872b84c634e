// Bench: runPipeline vs a bare activity chain on the dev stack, both measured in this run: whole runs, and the
// marginal cost of one more step (runs of STEPS and 2×STEPS steps), which leaves out runPipeline's fixed
// per-run work (plan, run records, cleanup).
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createResolvePlan } from '../activities/resolve-plan';
import { createRunRecords } from '../activities/run-records';
import { definePipeline } from '../core/pipeline/define-pipeline';
import type { StepDefinition } from '../core/pipeline/step-definitions';
import { silentLogger, startBenchStack } from './bench-support';

const STEPS = Number(process.env.BENCH_STEPS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** A pipeline of `steps` no-op fetch steps, each needing the one before. */
const chainOf = (steps: number) =>
  definePipeline({
    name: `bench_chain_${steps}`,
    description: 'a chain of no-op steps',
    owner: 'bench',
    steps: Array.from({ length: steps }, (_, i): StepDefinition => ({
      kind: 'fetch',
      id: `s${i}`,
      source: { kind: 'file', path: 'none', format: 'csv' },
      ...(i > 0 ? { needs: [`s${i - 1}`] } : {}),
    })),
  });
const chains = [chainOf(STEPS), chainOf(2 * STEPS)];

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main(): Promise<void> {
  const bench = await startBenchStack();
  const { stack, pool } = bench;
  try {
    const taskQueue = `bench-${randomUUID()}`;
    const noop = async () => ({ rowsIn: 0, rowsOut: 0, rowsRejected: 0 });
    const worker = await Worker.create({
      connection: stack.temporal.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('./bench-workflows'),
        logger: silentLogger,
      }),
      activities: {
        fetch: noop,
        resolvePlan: createResolvePlan(new Map(chains.map((c) => [c.name, c]))),
        cleanup: async () => ({ dropped: 0 }),
        ...createRunRecords(pool),
      },
    });
    const client = stack.temporal.client;
    const timed = async (workflow: string, args: unknown[]) => {
      const started = performance.now();
      await client.workflow.execute(workflow, { taskQueue, workflowId: randomUUID(), args });
      return performance.now() - started;
    };
    const sluiceRun = (steps: number) =>
      timed('runPipeline', [{ pipeline: `bench_chain_${steps}`, trigger: 'manual' }]);
    await worker.runUntil(async () => {
      await timed('bareChain', [STEPS]); // warm-up
      await sluiceRun(STEPS);
      const runs = { bare: [[], []] as number[][], sluice: [[], []] as number[][] };
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [i, steps] of [STEPS, 2 * STEPS].entries()) {
          runs.bare[i]?.push(await timed('bareChain', [steps]));
          runs.sluice[i]?.push(await sluiceRun(steps));
        }
      }
      const [bareShort, bareLong] = runs.bare.map(median) as [number, number];
      const [sluiceShort, sluiceLong] = runs.sluice.map(median) as [number, number];
      const marginal = (short: number, long: number) => (long - short) / STEPS;
      const bareStep = marginal(bareShort, bareLong);
      const sluiceStep = marginal(sluiceShort, sluiceLong);
      console.log(`runs of ${STEPS} and ${2 * STEPS} steps, ${ROUNDS} rounds (medians)`);
      console.log(
        `whole run of ${STEPS}: bare ${bareShort.toFixed(0)} ms, runPipeline ${sluiceShort.toFixed(0)} ms`,
      );
      console.log(`  ratio runPipeline / bare: ${(sluiceShort / bareShort).toFixed(2)}`);
      console.log(`one more step: bare ${bareStep.toFixed(1)} ms, runPipeline ${sluiceStep.toFixed(1)} ms`);
      console.log(`  ratio runPipeline / bare: ${(sluiceStep / bareStep).toFixed(2)}`);
      const fixed = sluiceShort - STEPS * sluiceStep - (bareShort - STEPS * bareStep);
      console.log(`runPipeline's fixed per-run work beyond the bare chain: ${fixed.toFixed(0)} ms`);
    });
  } finally {
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
