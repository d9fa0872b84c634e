// The real stack with a serving worker, and the `sluice` CLI run as a process against it (for CLI tests).
import { after, before } from 'node:test';
import type { Worker } from '@temporalio/worker';
import { EXAMPLE_DIR } from './example-project';
import { runProcess, type ProcessResult } from './run-process';
import { createTestWorker, startTestStack, type TestStack } from './test-stack';

export interface CliHarness {
  stack: TestStack;
  /** TEMPORAL_ADDRESS and SLUICE_TASK_QUEUE pointing the CLI at this stack's worker, SLUICE_PROJECT at the example. */
  env: NodeJS.ProcessEnv;
  sluice(...args: string[]): Promise<ProcessResult>;
  /** Runs with --json and parses stdout (whatever the exit code). */
  json(...args: string[]): Promise<ProcessResult & { doc: Record<string, unknown> }>;
}

/** Registers before/after hooks for the file and returns the harness they fill in. */
export function useCliHarness(name: string): CliHarness {
  let worker: Worker;
  let running: Promise<void>;
  const harness = {
    env: {},
    sluice: (...args: string[]) => runProcess(['bin/sluice.js', ...args], harness.env),
    json: async (...args: string[]) => {
      const result = await harness.sluice(...args, '--json');
      return { ...result, doc: JSON.parse(result.stdout) as Record<string, unknown> };
    },
  } as CliHarness;
  before(async () => {
    harness.stack = await startTestStack();
    let taskQueue: string;
    ({ worker, taskQueue } = await createTestWorker(harness.stack, { name }));
    running = worker.run();
    harness.env = {
      TEMPORAL_ADDRESS: harness.stack.temporalAddress,
      SLUICE_TASK_QUEUE: taskQueue,
      SLUICE_PROJECT: EXAMPLE_DIR,
    };
  });
  after(async () => {
    worker.shutdown();
    await running;
    await harness.stack.stopAll();
  });
  return harness;
}
