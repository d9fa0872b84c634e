// One real dev stack per test file: Temporal dev server + embedded PostgreSQL on free ports, thrown away after.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { bundleWorkflowCode, type Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Pool } from 'pg';
import { ENCRYPTED_FAILURE_CONVERTER_PATH } from '../../runtime/codec/data-converter';
import { KeyRing } from '../../runtime/codec/key-ring';
import { migrate } from '../../activities/db/migrate';
import { openPool } from '../../runtime/open-pool';
import { startDevStack, type DevStack } from '../../devstack/dev-stack';
import { freePort } from '../../devstack/port-check';
import { createLogger } from '../../runtime/logger';
import { installRuntime } from '../../workers/runtime';
import { createSluiceWorker, WORKFLOWS_PATH } from '../../workers/worker';
import type { Catalog } from '../../core/pipeline/catalog';
import { EXAMPLE_DIR, exampleCatalog } from './example-project';

export interface TestStack extends DevStack {
  pool: Pool;
  home: string;
  /** Set when the stack encrypts: its client, its workers and (with a UI) a codec server use it. */
  keyRing?: KeyRing;
  stopAll(): Promise<void>;
}

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
 * Starts the stack once for the file; pass `withUi` to serve the Web UI too. It encrypts with `keyRing`,
 * or with SLUICE_ENCRYPTION_KEYS when that is set (so the whole suite can run encrypted).
 */
export async function startTestStack(
  options: { withUi?: boolean; keyRing?: KeyRing } = {},
): Promise<TestStack> {
  const keyRing = options.keyRing ?? envKeyRing();
  installRuntime(createLogger(process.env.LOG_LEVEL ?? 'warn'));
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-test-'));
  const temporalPort = await freePort();
  const pgPort = await freePort([temporalPort]);
  const stack = await startDevStack({
    home,
    temporalPort,
    ...(options.withUi ? { uiPort: await freePort([temporalPort, pgPort]) } : {}),
    pgPort,
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    persistent: false,
    namespace: 'default',
    ...(keyRing ? { keyRing } : {}),
    progress: (message) => process.stderr.write(`${message}\n`),
  });
  const pool = await openPool(stack.databaseUrl);
  await migrate(pool);
  return {
    ...stack,
    pool,
    home,
    ...(keyRing ? { keyRing } : {}),
    stopAll: async () => {
      await pool.end();
      await stack.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

function envKeyRing(): KeyRing | undefined {
  const value = process.env.SLUICE_ENCRYPTION_KEYS;
  if (!value) return undefined;
  const { ring, problems } = KeyRing.parse(value);
  if (!ring) throw new Error(`SLUICE_ENCRYPTION_KEYS: ${problems.join('; ')}`);
  return ring;
}

const bundles = new Map<boolean, Promise<WorkflowBundle>>();

/** The workflow bundle, built once per test process (a second one for encrypting workers). */
export function workflowBundle(encrypted = false): Promise<WorkflowBundle> {
  let bundle = bundles.get(encrypted);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      ...(encrypted ? { failureConverterPath: ENCRYPTED_FAILURE_CONVERTER_PATH } : {}),
      logger: quietBundlerLogger,
    });
    bundles.set(encrypted, bundle);
  }
  return bundle;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`${message}\n`),
  error: (message: string) => process.stderr.write(`${message}\n`),
};

/** A task queue no other test in the file uses. */
export function uniqueTaskQueue(name: string): string {
  return `test-${name}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A real Sluice worker on the test stack for `catalog` (the example project's by default), on its own task queue; it
 * encrypts as the stack does. `pool` replaces the stack's superuser pool (a restricted role's, say).
 */
export async function createTestWorker(
  stack: TestStack,
  options: { catalog?: Catalog; baseDir?: string; name?: string; pool?: Pool } = {},
): Promise<{ worker: Worker; taskQueue: string }> {
  const taskQueue = uniqueTaskQueue(options.name ?? 'worker');
  const worker = await createSluiceWorker({
    connection: stack.temporal.nativeConnection,
    namespace: 'default',
    taskQueue,
    pool: options.pool ?? stack.pool,
    catalog: options.catalog ?? (await exampleCatalog()),
    baseDir: options.baseDir ?? EXAMPLE_DIR,
    ...(stack.keyRing ? { keyRing: stack.keyRing, bundleEncryptsFailures: true } : {}),
    workflowBundle: await workflowBundle(Boolean(stack.keyRing)),
  });
  return { worker, taskQueue };
}
