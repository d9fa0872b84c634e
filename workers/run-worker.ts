// Runs a Sluice worker for a catalog, configured from the environment, until SIGTERM or SIGINT (`sluice worker`).
import type { Catalog } from '../core/pipeline/catalog';
import { parseEnv } from '../runtime/parse-env';
import { announceRenamed } from '../runtime/renamed-variables';
import { workerConfigSchema } from './config';
import { createLogger, type SluiceLogger } from '../runtime/logger';
import { connectWorker } from './connect-worker';
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
  /** Where the worker's, the SDK's and the activities' lines go; default pino on stdout at LOG_LEVEL. */
  logger?: SluiceLogger;
}

export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const { env, catalog, baseDir } = options;
  const config = parseEnv(workerConfigSchema, env);
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  announceRenamed(config.temporal.renamed, (line) => logger.warn({}, line));
  installRuntime(logger, { metricsAddress: config.SLUICE_METRICS_ADDRESS });
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
    try {
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
        ...(config.SLUICE_ENCRYPTION_KEYS ? { keyRing: config.SLUICE_ENCRYPTION_KEYS } : {}),
        requireEncryption: config.SLUICE_REQUIRE_ENCRYPTION,
      });
      logger.info(
        {
          taskQueue: config.SLUICE_TASK_QUEUE,
          namespace,
          encryption: config.SLUICE_ENCRYPTION_KEYS?.toJSON() ?? 'off',
          requireEncryption: config.SLUICE_REQUIRE_ENCRYPTION,
        },
        'worker polling',
      );
      await worker.run();
      logger.info({}, 'worker stopped');
    } finally {
      await connection.close();
    }
  } finally {
    await pool.end();
  }
}
