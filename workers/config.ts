// The worker's configuration: one zod schema over the environment, parsed once, listing every problem.
import { z } from 'zod';
import { connectionFields, requireEncryptionNeedsKeys } from '../runtime/connection-config';
import { hostPort } from '../runtime/host-port';
import { logFormat, logLevel, postgresUrl } from '../runtime/parse-env';
import { TEMPORAL_VARIABLES, temporalConnectionSchema } from '../runtime/temporal-connection';

const positiveInt = z.coerce.number().int().positive();

/** An http(s) URL; the message never repeats it (a webhook URL holds its token). */
const httpUrl = (what: string) =>
  z
    .string()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      message: `must be an http:// or https:// URL (${what})`,
    })
    .transform((value) => new URL(value));

const workerFields = {
  ...connectionFields,
  DATABASE_URL: postgresUrl,
  LOG_LEVEL: logLevel,
  LOG_FORMAT: logFormat,
  /** How long in-flight activities may run on after SIGTERM before they are handed back to the server. */
  SLUICE_SHUTDOWN_GRACE_SECONDS: positiveInt.default(30),
  SLUICE_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(20),
  /** Staging of runs still recorded as running after this long is swept at worker start. */
  SLUICE_STAGING_MAX_AGE_HOURS: positiveInt.default(168),
  /** How long a starting worker retries an unreachable PostgreSQL (with backoff); 0 exits at once; unset waits on. */
  SLUICE_DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).optional(),
  /** Serve Sluice's and the SDK's Prometheus metrics on this `host:port` (`0.0.0.0:9464` in a container); none when unset. */
  SLUICE_METRICS_ADDRESS: hostPort.optional(),
  /** Where alerts go as Slack-compatible JSON (a Slack incoming webhook, or anything that takes its shape); none when unset. */
  SLUICE_ALERT_WEBHOOK_URL: httpUrl('the webhook that receives alerts').optional(),
  /** The Temporal Web UI's base URL, for each alert's link to its run. */
  SLUICE_UI_URL: httpUrl('the Temporal Web UI, e.g. http://localhost:8233').optional(),
};

/** Every variable the worker reads (docker-compose.yml may set only these). */
export const WORKER_VARIABLES: readonly string[] = [...Object.keys(workerFields), ...TEMPORAL_VARIABLES];

export const workerConfigSchema = z
  .object(workerFields)
  .superRefine(requireEncryptionNeedsKeys)
  .and(temporalConnectionSchema);

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
