// What a test stack reads from the environment: a PostgreSQL and a Temporal server to reuse, keys, log level.
import { z } from 'zod';
import { connectionFields, hostPort, tlsPairRule } from '../runtime/connection-config';
import { logLevel, postgresUrl } from '../runtime/parse-env';

export const testConfigSchema = z
  .object({
    ...connectionFields,
    /** Reuse this Temporal server instead of starting a dev server (no default: unset means "start one"). */
    TEMPORAL_ADDRESS: hostPort.optional(),
    /** Reuse this PostgreSQL instead of starting an embedded one. */
    DATABASE_URL: postgresUrl.optional(),
    /** Errors only: tests that expect a run to fail should not print the SDK's warnings about it. */
    LOG_LEVEL: logLevel.default('error'),
  })
  .refine(...tlsPairRule);

export type TestConfig = z.infer<typeof testConfigSchema>;
