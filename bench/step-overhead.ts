// Bench: per-step cost of runPipeline vs a bare activity chain, both measured in this run on the dev stack.
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createResolvePlan } from '../activities/resolve-plan';
import { createRunRecords } from '../activities/run-records';
import { definePipeline } from '../core/define-pipeline';
import type { StepDefinition } from '../core/step-definitions';
import { silentLogger, startBenchStack } from './bench-support';

const STEPS = Number(process.env.BENCH_STEPS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const chain = definePipeline({
  name: 'bench_chain',
  description: 'a chain of no-op steps',
  owner: 'bench',
  steps: Array.from({ length: STEPS }, (_, i): StepDefinition => ({
    kind: 'fetch',
    id: `s${i}`,
    source: { kind: 'file', path: 'none', format: 'csv' },
    ...(i > 0 ? { needs: [`s${i - 1}`] } : {}),
  })),
});

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
        resolvePlan: createResolvePlan(new Map([[chain.name, chain]])),
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
    await worker.runUntil(async () => {
      await timed('bareChain', [STEPS]); // warm-up
      await timed('runPipeline', [{ pipeline: chain.name, trigger: 'manual' }]);
      const bare: number[] = [];
      const sluice: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        bare.push(await timed('bareChain', [STEPS]));
        sluice.push(await timed('runPipeline', [{ pipeline: chain.name, trigger: 'manual' }]));
      }
      const perStep = (values: number[]) => median(values) / STEPS;
      console.log(`steps per run: ${STEPS}, rounds: ${ROUNDS} (medians)`);
      console.log(`bare activity chain: ${perStep(bare).toFixed(1)} ms per step`);
      console.log(`runPipeline:         ${perStep(sluice).toFixed(1)} ms per step`);
      console.log(`ratio runPipeline / bare: ${(median(sluice) / median(bare)).toFixed(2)}`);
    });
  } finally {
    await bench.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
