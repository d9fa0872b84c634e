// The worker's configuration: one zod schema over the environment, parsed once, listing every problem.
import { z } from 'zod';
import { SECRET_VARIABLES } from './secret-variables';
import { connectionFields, hostPort, tlsPairRule } from '../client/connection-config';

const positiveInt = z.coerce.number().int().positive();

/** A PostgreSQL connection URL. */
export const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

/** pino's level names. */
export const logLevel = z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info');

export const workerConfigSchema = z
  .object({
    ...connectionFields,
    DATABASE_URL: postgresUrl,
    LOG_LEVEL: logLevel,
    /** How long in-flight activities may run on after SIGTERM before they are handed back to the server. */
    SLUICE_SHUTDOWN_GRACE_SECONDS: positiveInt.default(30),
    SLUICE_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(20),
    /** Staging of runs still recorded as running after this long is swept at worker start. */
    SLUICE_STAGING_MAX_AGE_HOURS: positiveInt.default(168),
    /** Serve the SDK's Prometheus metrics on this `host:port` (`0.0.0.0:9464` in a container); none when unset. */
    SLUICE_METRICS_ADDRESS: hostPort.optional(),
  })
  .refine(...tlsPairRule);

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

/** Raised with every problem in the environment at once; entry points print it and exit 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSet these environment variables and start again.`,
    );
  }
}

/** Parses `env` against `schema`; throws ConfigError naming each bad or missing variable. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = env[name];
      return value === undefined
        ? `${name} is required (${issue.message})`
        : `${name}=${SECRET_VARIABLES.includes(name) ? '<redacted>' : JSON.stringify(value)}: ${issue.message}`;
    }),
  );
}
