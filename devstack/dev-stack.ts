// One dev stack for `npm start` and the tests: Temporal dev server + PostgreSQL, stopped together.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startPostgres, type PostgresHandle } from './embedded-postgres';
import { goInstallTemporal } from './go-install';
import { isExecutable } from './is-executable';
import { resolveTemporal } from './temporal-binary';
import { startTemporalServer } from './temporal-server';
import type { RunningTemporal } from './temporal-process';

export interface DevStackOptions {
  /** State directory: `postgres/` data, `temporal.sqlite` when persistent. */
  home: string;
  temporalPort: number;
  uiPort?: number;
  pgPort: number;
  databaseUrl?: string;
  /** Keep Temporal's history in `<home>/temporal.sqlite` across restarts. */
  persistent: boolean;
  namespace: string;
  progress(message: string): void;
}

export interface DevStack {
  temporal: RunningTemporal;
  temporalAddress: string;
  uiUrl?: string;
  databaseUrl: string;
  /** Stops Temporal and PostgreSQL; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const home = path.resolve(options.home);
  await mkdir(home, { recursive: true });
  const resolved = await resolveTemporal({
    env: process.env,
    isExecutable,
    goInstall: (gobin) => goInstallTemporal(gobin, options.progress),
    progress: options.progress,
  });
  const postgres: PostgresHandle = await startPostgres({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    dataDir: path.join(home, 'postgres'),
    port: options.pgPort,
    log: () => undefined,
  });
  let temporal: RunningTemporal;
  try {
    temporal = await startTemporalServer({
      resolved,
      port: options.temporalPort,
      ...(options.uiPort !== undefined ? { uiPort: options.uiPort } : {}),
      ...(options.persistent ? { dbFilename: path.join(home, 'temporal.sqlite') } : {}),
      namespace: options.namespace,
    });
  } catch (err) {
    await postgres.stop();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= temporal.teardown().finally(() => postgres.stop()));
  return {
    temporal,
    temporalAddress: `127.0.0.1:${options.temporalPort}`,
    ...(options.uiPort !== undefined ? { uiUrl: `http://127.0.0.1:${options.uiPort}` } : {}),
    databaseUrl: postgres.url,
    stop,
  };
}
