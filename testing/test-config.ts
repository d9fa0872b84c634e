// What a test stack reads from the environment: a PostgreSQL and a Temporal server to reuse, keys, log level.
import { z } from 'zod';
import { connectionFields } from '../runtime/connection-config';
import { hostPort } from '../runtime/host-port';
import { logLevel, postgresUrl } from '../runtime/parse-env';

export const testConfigSchema = z.object({
  SLUICE_ENCRYPTION_KEYS: connectionFields.SLUICE_ENCRYPTION_KEYS,
  /**
   * Reuse this Temporal server instead of starting a dev server (no default: unset means "start one"); then the
   * whole connection (namespace, TLS, API key, profile) is read as a worker reads it.
   */
  TEMPORAL_ADDRESS: hostPort.optional(),
  /** Reuse this PostgreSQL instead of starting an embedded one. */
  DATABASE_URL: postgresUrl.optional(),
  /** Errors only: tests that expect a run to fail should not print the SDK's warnings about it. */
  LOG_LEVEL: logLevel.default('error'),
});

export type TestConfig = z.infer<typeof testConfigSchema>;
