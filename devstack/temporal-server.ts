// Starts the Temporal CLI dev server with the settings Sluice relies on.
import type { DataConverter } from '@temporalio/common';
import { sluiceSearchAttributes } from '../core/run/search-attributes';
import { assertPortFree, freePort } from './port-check';
import { searchAttributeArgs, startDevServerProcess, type RunningTemporal } from './temporal-process';
import { unobtainableMessage, type ResolvedTemporal } from './temporal-binary';
import { loadDevStackPackage, MissingPackageError } from './dev-stack-package';

export interface TemporalServerOptions {
  resolved: ResolvedTemporal;
  port: number;
  /** Serve the Web UI on this port; no UI when undefined. */
  uiPort?: number;
  /** A SQLite file to keep history across restarts; in memory when undefined. */
  dbFilename?: string;
  namespace: string;
  /** The data converter of the client the stack hands out (encryption). */
  dataConverter?: DataConverter;
  /** A codec server the Web UI decodes payloads with (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
}

/**
 * Per sequential activity, measured here: ~100 ms with the defaults, ~50 ms with eager activity
 * execution alone, ~15 ms with both. The dev server's single history shard loads new transfer
 * tasks (each workflow task, each non-eager activity) at most 20 times a second by default, so
 * every step past the rate limiter's burst waits ~50 ms per transfer task. Also workflow update.
 */
export const DEV_SERVER_DYNAMIC_CONFIG = [
  'system.enableActivityEagerExecution=true',
  'history.transferProcessorMaxPollRPS=1000',
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
];

/** How long the dev server may take to serve; a loaded two-core machine has needed more than the SDK's 5 s. */
const START_TIMEOUT_MS = 60_000;

export async function startTemporalServer(options: TemporalServerOptions): Promise<RunningTemporal> {
  await assertPortFree(options.port, 'SLUICE_TEMPORAL_PORT', 'Temporal frontend');
  if (options.uiPort !== undefined) await assertPortFree(options.uiPort, 'SLUICE_UI_PORT', 'Temporal Web UI');
  const { executable } = options.resolved;
  try {
    if (executable.type === 'cached-download') return await startDownloaded(options);
    return await startDevServerProcess({
      executable: executable.path,
      args: await devServerArgs(options),
      address: `127.0.0.1:${options.port}`,
      namespace: options.namespace,
      searchAttributes: sluiceSearchAttributes,
      startTimeoutMs: START_TIMEOUT_MS,
      ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    });
  } catch (err) {
    if (err instanceof MissingPackageError) throw err;
    const message = (err as Error).message;
    if (executable.type === 'cached-download')
      throw new Error(unobtainableMessage(options.resolved.attempts, message));
    throw new Error(`the Temporal dev server (${options.resolved.route}) did not start: ${message}`);
  }
}

/** `temporal server start-dev` flags: our ports, namespace, state file, search attributes and dynamic config. */
async function devServerArgs(options: TemporalServerOptions): Promise<string[]> {
  return [
    ...['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)],
    ...['--namespace', options.namespace, '--log-level', 'warn'],
    ...(options.uiPort !== undefined ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
    ...searchAttributeArgs(sluiceSearchAttributes),
    ...(await commonExtraArgs(options)),
  ];
}

/** Dynamic config, the UI's codec endpoint, explicit HTTP and metrics ports (left to itself the CLI can pick the frontend's). */
async function commonExtraArgs(options: TemporalServerOptions): Promise<string[]> {
  const own = [options.port, ...(options.uiPort !== undefined ? [options.uiPort] : [])];
  const httpPort = await freePort(own);
  const metricsPort = await freePort([...own, httpPort]);
  return [
    ...DEV_SERVER_DYNAMIC_CONFIG.flatMap((value) => ['--dynamic-config-value', value]),
    ...['--http-port', String(httpPort), '--metrics-port', String(metricsPort)],
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
  ];
}

/** The SDK's own download route: it fetches the CLI and starts it (within its fixed 5 s). */
async function startDownloaded(options: TemporalServerOptions): Promise<RunningTemporal> {
  // The only use of @temporalio/testing outside tests, so it is loaded here, when this route is taken.
  const { TestWorkflowEnvironment } = await loadDevStackPackage(
    '@temporalio/testing',
    () => import('@temporalio/testing'),
  );
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: '127.0.0.1',
      port: options.port,
      namespace: options.namespace,
      ui: options.uiPort !== undefined,
      ...(options.uiPort !== undefined ? { uiPort: options.uiPort } : {}),
      ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
      searchAttributes: sluiceSearchAttributes,
      extraArgs: await commonExtraArgs(options),
    },
    ...(options.dataConverter ? { client: { dataConverter: options.dataConverter } } : {}),
  });
}
