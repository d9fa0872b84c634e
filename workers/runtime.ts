// Installs the Temporal Runtime once per process: SDK and Core logs routed into pino, optional Prometheus metrics.
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import { PinoTemporalLogger } from './temporal-logger';

export interface RuntimeSettings {
  /** Serve Core's worker and client metrics for Prometheus at `http://<this>/metrics`; none when undefined. */
  metricsAddress?: string | undefined;
}

let installed: RuntimeSettings | undefined;

/** Must run before any Worker, NativeConnection or test environment is created; later calls change nothing. */
export function installRuntime(logger: Logger, settings: RuntimeSettings = {}): void {
  if (installed) {
    if (installed.metricsAddress !== settings.metricsAddress)
      logger.warn(
        { installed: installed.metricsAddress ?? null, asked: settings.metricsAddress ?? null },
        'the Temporal runtime is installed already; its metrics address stays as it was',
      );
    return;
  }
  installed = settings;
  Runtime.install({
    logger: new PinoTemporalLogger(logger),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
      ...(settings.metricsAddress
        ? { metrics: { prometheus: { bindAddress: settings.metricsAddress } } }
        : {}),
    },
  });
  if (settings.metricsAddress)
    logger.info({ url: `http://${settings.metricsAddress}/metrics` }, 'metrics served');
}
