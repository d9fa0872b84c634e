// A real Sluice worker on a test stack, on a task queue of its own so tests in one stack never share work.
import { randomBytes } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Catalog } from '../core/pipeline/catalog';
import { createSluiceWorker } from '../workers/worker';
import type { TestStack } from './test-stack';
import { workflowBundle } from './workflow-bundle';

export interface TestWorkerOptions {
  catalog: Catalog;
  /** Relative file paths in the definitions are read from here. */
  baseDir: string;
  /** Names the task queue, so a stuck run says whose it was. */
  name?: string;
  /** Replaces the stack's superuser pool (a restricted role's, say). */
  pool?: Pool;
}

/** A task queue no other worker on the stack polls. */
export function uniqueTaskQueue(name: string): string {
  return `test-${name}-${randomBytes(3).toString('hex')}`;
}

/** The worker, not yet running (call `run()`), and its task queue; it encrypts as the stack does. */
export async function createTestWorker(
  stack: TestStack,
  options: TestWorkerOptions,
): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = uniqueTaskQueue(options.name ?? 'worker');
  const worker = await createSluiceWorker({
    connection: stack.temporal.nativeConnection,
    namespace: stack.namespace,
    taskQueue,
    pool: options.pool ?? stack.pool,
    catalog: options.catalog,
    baseDir: options.baseDir,
    ...(stack.keyRing ? { keyRing: stack.keyRing, bundleEncryptsFailures: true } : {}),
    workflowBundle: await workflowBundle(Boolean(stack.keyRing)),
  });
  return { worker, taskQueue };
}
