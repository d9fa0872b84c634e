// Starts the Temporal CLI dev server with the settings Sluice relies on.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { sluiceSearchAttributes } from '../core/search-attributes';
import { assertPortFree, freePort } from './port-check';
import { unobtainableMessage, type ResolvedTemporal } from './temporal-binary';

export interface TemporalServerOptions {
  resolved: ResolvedTemporal;
  port: number;
  /** Serve the Web UI on this port; no UI when undefined. */
  uiPort?: number;
  /** A SQLite file to keep history across restarts; in memory when undefined. */
  dbFilename?: string;
  namespace: string;
}

/** Eager activity execution (~85 ms → ~24 ms per sequential activity here) and workflow update. */
export const DEV_SERVER_DYNAMIC_CONFIG = [
  'system.enableActivityEagerExecution=true',
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
];

export async function startTemporalServer(options: TemporalServerOptions): Promise<TestWorkflowEnvironment> {
  await assertPortFree(options.port, 'SLUICE_TEMPORAL_PORT', 'Temporal frontend');
  if (options.uiPort !== undefined) await assertPortFree(options.uiPort, 'SLUICE_UI_PORT', 'Temporal Web UI');
  // Left to itself the CLI picks its HTTP and metrics ports before binding the frontend, and can pick that one.
  const own = [options.port, ...(options.uiPort !== undefined ? [options.uiPort] : [])];
  const httpPort = await freePort(own);
  const metricsPort = await freePort([...own, httpPort]);
  try {
    return await TestWorkflowEnvironment.createLocal({
      server: {
        executable: options.resolved.executable,
        ip: '127.0.0.1',
        port: options.port,
        namespace: options.namespace,
        ui: options.uiPort !== undefined,
        ...(options.uiPort !== undefined ? { uiPort: options.uiPort } : {}),
        ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
        searchAttributes: sluiceSearchAttributes,
        extraArgs: [
          ...DEV_SERVER_DYNAMIC_CONFIG.flatMap((value) => ['--dynamic-config-value', value]),
          ...['--http-port', String(httpPort), '--metrics-port', String(metricsPort)],
        ],
      },
    });
  } catch (err) {
    const message = (err as Error).message;
    if (options.resolved.executable.type === 'cached-download') {
      throw new Error(unobtainableMessage(options.resolved.attempts, message));
    }
    throw new Error(`the Temporal dev server (${options.resolved.route}) did not start: ${message}`);
  }
}
