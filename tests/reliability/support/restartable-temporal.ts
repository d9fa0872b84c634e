// A Temporal dev server that keeps its state in SQLite on a fixed port, so a test can restart it mid-run.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Runtime } from '@temporalio/worker';
import { DEFAULT_NAMESPACE } from '../../../core/pipeline/defaults';
import { goInstallTemporal } from '../../../devstack/go-install';
import { isExecutable } from '../../../devstack/is-executable';
import { freePort } from '../../../devstack/port-check';
import { resolveTemporal, type ResolvedTemporal } from '../../../devstack/temporal-binary';
import type { RunningTemporal } from '../../../devstack/temporal-process';
import { startTemporalServer } from '../../../devstack/temporal-server';
import { createLogger } from '../../../runtime/logger';
import { installRuntime } from '../../../workers/runtime';

export interface RestartableTemporal {
  address: string;
  /** Stops the server (as its teardown does) and starts it again on the same port and SQLite file. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startRestartableTemporal(): Promise<RestartableTemporal> {
  installRuntime(createLogger('warn')); // before the server's own NativeConnection creates the runtime
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-temporal-'));
  let port = await freePort();
  const progress = (message: string) => process.stderr.write(`${message}\n`);
  const resolved: ResolvedTemporal = await resolveTemporal({
    env: process.env,
    isExecutable,
    goInstall: (gobin) => goInstallTemporal(gobin, progress),
    progress,
  });
  const start = () =>
    startTemporalServer({
      resolved,
      port,
      dbFilename: path.join(home, 'temporal.sqlite'),
      namespace: DEFAULT_NAMESPACE,
    });
  let server: RunningTemporal | undefined;
  // A port free when asked may be taken by the time the server binds it (or one it derives): try others.
  for (let tries = 1; !server; tries += 1) {
    try {
      server = await start();
    } catch (err) {
      if (tries === 3) {
        // Nothing native was opened, so the runtime would never see itself idle and hold the process open.
        await Runtime.instance().shutdown();
        throw err;
      }
      process.stderr.write(`the dev server did not start on port ${port}, trying another: ${String(err)}\n`);
      port = await freePort([port]);
    }
  }
  const address = `127.0.0.1:${port}`;
  return {
    address,
    async restart(downMs) {
      await server?.teardown();
      server = undefined;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await start();
    },
    async stop() {
      await server?.teardown();
      await rm(home, { recursive: true, force: true });
    },
  };
}
