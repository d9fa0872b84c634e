// Runs a Sluice worker for a catalog, configured from the environment, until SIGTERM or SIGINT (`sluice worker`).
import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import type { Catalog } from '../core/pipeline/catalog';
import { sluiceDataConverter } from '../runtime/codec/data-converter';
import { parseEnv } from '../runtime/parse-env';
import { announceRenamed } from '../runtime/renamed-variables';
import { workerConfigSchema } from './config';
import { createLogger, type SluiceLogger } from '../runtime/logger';
import { prettyDestination } from '../runtime/pretty-destination';
import { connectWorker } from './connect-worker';
import { sluiceMetricsCollector } from './metrics/collect-sluice-metrics';
import { freeLoopbackAddress } from './metrics/loopback-address';
import { serveMetrics } from './metrics/metrics-server';
import { installRuntime } from './runtime';
import { prepareDatabase } from './prepare-database';
import { createSluiceWorker } from './worker';

/** A validate holds three connections at once (input cursor, output COPY, quarantine). */
const CONNECTIONS_PER_ACTIVITY = 3;

export interface RunWorkerOptions {
  /** Read once against workerConfigSchema: connection, database, concurrency, metrics. */
  env: NodeJS.ProcessEnv;
  /** The pipelines this worker runs (a project's, as loadProject returns them). */
  catalog: Catalog;
  /** Relative paths in the definitions (files, contracts) resolve from here: the project folder. */
  baseDir: string;
  /** Where the worker's, the SDK's and the activities' lines go; default pino on stdout at LOG_LEVEL, as LOG_FORMAT says. */
  logger?: SluiceLogger;
}

export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const { env, catalog, baseDir } = options;
  const config = parseEnv(workerConfigSchema, env);
  const logger =
    options.logger ??
    createLogger(config.LOG_LEVEL, config.LOG_FORMAT === 'pretty' ? prettyDestination() : undefined);
  announceRenamed(config.temporal.renamed, (line) => logger.warn({}, line));
  const metricsAddress = config.SLUICE_METRICS_ADDRESS;
  // Core's exporter on a private port: the metrics server adds Sluice's families to what it serves.
  const sdkMetricsAddress = metricsAddress ? await freeLoopbackAddress() : undefined;
  installRuntime(logger, { metricsAddress: sdkMetricsAddress });
  const pool = await prepareDatabase({
    url: config.DATABASE_URL,
    connections: config.SLUICE_MAX_CONCURRENT_ACTIVITIES * CONNECTIONS_PER_ACTIVITY + 2,
    stagingMaxAgeHours: config.SLUICE_STAGING_MAX_AGE_HOURS,
    waitSeconds: config.SLUICE_DATABASE_WAIT_SECONDS,
    logger,
  });
  try {
    const { namespace } = config.temporal;
    const connection = await connectWorker(config);
    let metricsServer: Server | undefined;
    try {
      if (metricsAddress && sdkMetricsAddress)
        metricsServer = await serveMetrics({
          address: metricsAddress,
          sdkAddress: sdkMetricsAddress,
          logger,
          collect: sluiceMetricsCollector({
            pool,
            catalog,
            logger,
            client: new Client({
              connection,
              namespace,
              dataConverter: sluiceDataConverter(
                config.SLUICE_ENCRYPTION_KEYS,
                config.SLUICE_REQUIRE_ENCRYPTION,
              ),
            }),
          }),
        });
      const worker = await createSluiceWorker({
        connection,
        namespace,
        taskQueue: config.SLUICE_TASK_QUEUE,
        pool,
        logger,
        catalog,
        baseDir,
        maxConcurrentActivities: config.SLUICE_MAX_CONCURRENT_ACTIVITIES,
        shutdownGraceSeconds: config.SLUICE_SHUTDOWN_GRACE_SECONDS,
        ...(config.SLUICE_ALERT_WEBHOOK_URL
          ? {
              alerts: {
                webhookUrl: config.SLUICE_ALERT_WEBHOOK_URL,
                ...(config.SLUICE_UI_URL ? { uiUrl: config.SLUICE_UI_URL } : {}),
              },
            }
          : {}),
        ...(config.SLUICE_ENCRYPTION_KEYS ? { keyRing: config.SLUICE_ENCRYPTION_KEYS } : {}),
        requireEncryption: config.SLUICE_REQUIRE_ENCRYPTION,
      });
      logger.info(
        {
          taskQueue: config.SLUICE_TASK_QUEUE,
          namespace,
          encryption: config.SLUICE_ENCRYPTION_KEYS?.toJSON() ?? 'off',
          requireEncryption: config.SLUICE_REQUIRE_ENCRYPTION,
          alerts: config.SLUICE_ALERT_WEBHOOK_URL?.origin ?? 'off',
        },
        'worker polling',
      );
      await worker.run();
      logger.info({}, 'worker stopped');
    } finally {
      metricsServer?.close();
      await connection.close();
    }
  } finally {
    await pool.end();
  }
}
