// Installs the Temporal Runtime once per process: SDK, Core and activity logs routed into one SluiceLogger, optional Prometheus metrics.
import { IllegalStateError } from '@temporalio/common';
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { createLogger, type SluiceLogger } from '../runtime/logger';
import { SdkLogger } from './sdk-logger';

export interface RuntimeSettings {
  /** Serve Core's worker and client metrics for Prometheus at `http://<this>/metrics`; none when undefined. */
  metricsAddress?: string | undefined;
}

let installed: { logger: SluiceLogger; settings: RuntimeSettings; runtime: Runtime } | undefined;

/**
 * Must run before any Worker, NativeConnection or test environment is created (the SDK has one runtime, and so one
 * logger, per process); later calls change nothing. Default logger: pino at level info.
 */
export function installRuntime(
  logger: SluiceLogger = createLogger('info'),
  settings: RuntimeSettings = {},
): void {
  if (installed) {
    if (installed.settings.metricsAddress !== settings.metricsAddress)
      logger.warn(
        { installed: installed.settings.metricsAddress ?? null, asked: settings.metricsAddress ?? null },
        'the Temporal runtime is installed already; its metrics address stays as it was',
      );
    return;
  }
  let runtime: Runtime;
  try {
    runtime = Runtime.install({
      logger: new SdkLogger(logger.child({ source: 'temporal' })),
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
        ...(settings.metricsAddress
          ? { metrics: { prometheus: { bindAddress: settings.metricsAddress } } }
          : {}),
      },
    });
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err;
    throw new Error(
      'the Temporal runtime was created before installRuntime was called (a NativeConnection, Worker or test ' +
        'environment came first), so its logger cannot be set: call installRuntime(logger) first',
      { cause: err },
    );
  }
  installed = { logger, settings, runtime };
  if (settings.metricsAddress)
    logger.debug({ url: `http://${settings.metricsAddress}/metrics` }, "the SDK's metrics exporter listens");
}

/** Throws unless the runtime was installed with `logger`: a worker given a logger must not log elsewhere. */
export function assertRuntimeLogger(logger: SluiceLogger): void {
  if (installed?.logger === logger) return;
  throw new Error(
    installed
      ? 'createSluiceWorker was given a logger, but the Temporal runtime was installed with another one; ' +
          'pass the same logger to installRuntime and createSluiceWorker'
      : 'createSluiceWorker was given a logger, but the Temporal runtime was not installed with it, so the SDK ' +
          "and activities would log elsewhere: call installRuntime(logger) before creating the worker's NativeConnection",
  );
}
