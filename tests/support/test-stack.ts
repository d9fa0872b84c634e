// One real dev stack per test file for this repository's tests: testing/'s stack, the example project's catalog.
import { after, before } from 'node:test';
import type { Worker } from '@temporalio/worker';
import type { KeyRing } from '../../runtime/codec/key-ring';
import { parseEnv } from '../../runtime/parse-env';
import { testConfigSchema } from '../../testing/test-config';
import { startTestStack as startStack, type TestStack } from '../../testing/test-stack';
import { createTestWorker as createWorker, type TestWorkerOptions } from '../../testing/test-worker';
import { EXAMPLE_DIR, exampleCatalog } from './example-project';

export type { TestStack } from '../../testing/test-stack';
export { uniqueTaskQueue } from '../../testing/test-worker';
export { workflowBundle } from '../../testing/workflow-bundle';

/** For a test file: one stack, started before its tests and stopped after; filled in by the time they run. */
export function useTestStack(): TestStack {
  const stack = {} as TestStack;
  before(async () => {
    Object.assign(stack, await startTestStack());
  });
  after(async () => {
    await stack.stopAll();
  });
  return stack;
}

/**
 * Starts the stack once for the file (its own dev server; PostgreSQL from DATABASE_URL when set); pass
 * `withUi` to serve the Web UI too. It encrypts with `keyRing`, or with SLUICE_ENCRYPTION_KEYS when that is
 * set (so the whole suite can run encrypted).
 */
export async function startTestStack(
  options: { withUi?: boolean; keyRing?: KeyRing } = {},
): Promise<TestStack> {
  const env = parseEnv(testConfigSchema, process.env);
  const keyRing = options.keyRing ?? env.SLUICE_ENCRYPTION_KEYS;
  return startStack({
    ...(options.withUi ? { withUi: true } : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(keyRing ? { keyRing } : {}),
    logLevel: env.LOG_LEVEL,
  });
}

/** A real Sluice worker on the test stack for `catalog` (the example project's by default), on its own task queue. */
export async function createTestWorker(
  stack: TestStack,
  options: Partial<TestWorkerOptions> = {},
): Promise<{ worker: Worker; taskQueue: string }> {
  return createWorker(stack, {
    ...options,
    catalog: options.catalog ?? (await exampleCatalog()),
    baseDir: options.baseDir ?? EXAMPLE_DIR,
  });
}
