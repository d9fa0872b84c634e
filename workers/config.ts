// The worker's configuration: one zod schema over the environment, parsed once, listing every problem.
import { z } from 'zod';
import { connectionFields, requireEncryptionNeedsKeys } from '../runtime/connection-config';
import { hostPort } from '../runtime/host-port';
import { logLevel, postgresUrl } from '../runtime/parse-env';
import { TEMPORAL_VARIABLES, temporalConnectionSchema } from '../runtime/temporal-connection';

const positiveInt = z.coerce.number().int().positive();

const workerFields = {
  ...connectionFields,
  DATABASE_URL: postgresUrl,
  LOG_LEVEL: logLevel,
  /** How long in-flight activities may run on after SIGTERM before they are handed back to the server. */
  SLUICE_SHUTDOWN_GRACE_SECONDS: positiveInt.default(30),
  SLUICE_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(20),
  /** Staging of runs still recorded as running after this long is swept at worker start. */
  SLUICE_STAGING_MAX_AGE_HOURS: positiveInt.default(168),
  /** How long a starting worker retries an unreachable PostgreSQL (with backoff); 0 exits at once; unset waits on. */
  SLUICE_DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).optional(),
  /** Serve the SDK's Prometheus metrics on this `host:port` (`0.0.0.0:9464` in a container); none when unset. */
  SLUICE_METRICS_ADDRESS: hostPort.optional(),
};

/** Every variable the worker reads (docker-compose.yml may set only these). */
export const WORKER_VARIABLES: readonly string[] = [...Object.keys(workerFields), ...TEMPORAL_VARIABLES];

export const workerConfigSchema = z
  .object(workerFields)
  .superRefine(requireEncryptionNeedsKeys)
  .and(temporalConnectionSchema);

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
