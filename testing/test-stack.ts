// A throwaway stack for tests: Temporal and PostgreSQL on free ports with state in a temp dir, or servers to reuse.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pool } from 'pg';
import { migrate } from '../activities/db/migrate';
import { connectClient } from '../client/connect';
import { DEFAULT_NAMESPACE } from '../core/pipeline/defaults';
import { startDevStack } from '../devstack/dev-stack';
import { startPostgres } from '../devstack/embedded-postgres';
import { freePort } from '../devstack/port-check';
import type { RunningTemporal } from '../devstack/temporal-process';
import type { KeyRing } from '../runtime/codec/key-ring';
import type { ConnectionConfig } from '../runtime/connection-config';
import { createLogger } from '../runtime/logger';
import { openPool } from '../runtime/open-pool';
import { connectWorker } from '../workers/connect-worker';
import { installRuntime } from '../workers/runtime';

export interface TestStackOptions {
  /** Reuse this PostgreSQL (its database is migrated, not dropped); an embedded one when undefined. */
  databaseUrl?: string;
  /** Reuse this Temporal server (it must know Sluice's search attributes); a dev server when undefined. */
  temporal?: ConnectionConfig;
  /** Serve the dev server's Web UI (ignored with `temporal`). */
  withUi?: boolean;
  /** Encrypt payloads: the stack's client and its workers use it. */
  keyRing?: KeyRing;
  /** The level of the Temporal runtime's logs (installed once per process); `warn` by default. */
  logLevel?: string;
  /** Where start-up progress goes (the Temporal CLI's first download or build, say); stderr by default. */
  progress?(message: string): void;
}

export interface TestStack {
  temporal: RunningTemporal;
  temporalAddress: string;
  namespace: string;
  databaseUrl: string;
  /** With `withUi`: the Web UI, and with a key ring the codec server it decodes through. */
  uiUrl?: string;
  codecUrl?: string;
  /** A pool on the migrated database. */
  pool: Pool;
  /** The stack's private temp directory (embedded PostgreSQL's data), removed by stopAll. */
  home: string;
  keyRing?: KeyRing;
  /** Stops what the stack started and closes what it opened; reused servers keep running. */
  stopAll(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  installRuntime(createLogger(options.logLevel ?? 'warn'));
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-test-'));
  const progress = options.progress ?? ((message: string) => process.stderr.write(`${message}\n`));
  const started = await (options.temporal
    ? reuseTemporal(home, options.temporal, options)
    : startDevServer(home, options, progress));
  const pool = await openPool(started.databaseUrl);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    await started.stop();
    throw err;
  }
  const { stop, ...stack } = started;
  return {
    ...stack,
    pool,
    home,
    ...(options.keyRing ? { keyRing: options.keyRing } : {}),
    stopAll: async () => {
      try {
        await pool.end();
        await stop();
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    },
  };
}

type StartedServers = Omit<TestStack, 'pool' | 'home' | 'keyRing' | 'stopAll'> & { stop(): Promise<void> };

async function startDevServer(
  home: string,
  options: TestStackOptions,
  progress: (message: string) => void,
): Promise<StartedServers> {
  const temporalPort = await freePort();
  const pgPort = await freePort([temporalPort]);
  const stack = await startDevStack({
    home,
    temporalPort,
    ...(options.withUi ? { uiPort: await freePort([temporalPort, pgPort]) } : {}),
    pgPort,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    persistent: false,
    namespace: DEFAULT_NAMESPACE,
    ...(options.keyRing ? { keyRing: options.keyRing } : {}),
    progress,
  });
  return { ...stack, namespace: DEFAULT_NAMESPACE };
}

async function reuseTemporal(
  home: string,
  config: ConnectionConfig,
  options: TestStackOptions,
): Promise<StartedServers> {
  const postgres = await startPostgres({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    dataDir: path.join(home, 'postgres'),
    port: await freePort(),
    log: () => undefined,
  });
  try {
    const client = await connectClient({ ...config, SLUICE_ENCRYPTION_KEYS: options.keyRing });
    const nativeConnection = await connectWorker(config).catch(async (err: unknown) => {
      await client.connection.close();
      throw err;
    });
    const temporal: RunningTemporal = {
      client,
      nativeConnection,
      teardown: async () => {
        await nativeConnection.close();
        await client.connection.close();
      },
    };
    return {
      temporal,
      temporalAddress: config.temporal.options.address,
      namespace: config.temporal.namespace,
      databaseUrl: postgres.url,
      stop: () => temporal.teardown().finally(() => postgres.stop()),
    };
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}
