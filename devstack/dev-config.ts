// Configuration of the embedded dev stack (npm start, tests), read from the environment once.
import { z } from 'zod';
import { encryptionKeysField } from '../runtime/codec/encryption-keys-field';
import { connectionFields } from '../runtime/connection-config';
import { logLevel, postgresUrl } from '../runtime/parse-env';

const port = z.coerce.number().int().min(1).max(65535);

export const devConfigSchema = z.object({
  /** Where the dev stack keeps its state (PostgreSQL data, the Temporal SQLite file); relative to the project. */
  SLUICE_HOME: z.string().min(1).default('.sluice'),
  SLUICE_TEMPORAL_PORT: port.default(7233),
  SLUICE_UI_PORT: port.default(8233),
  SLUICE_PG_PORT: port.default(5433),
  /** With SLUICE_ENCRYPTION_KEYS: where the codec server the Web UI decodes with listens. */
  SLUICE_CODEC_PORT: port.default(8234),
  SLUICE_ENCRYPTION_KEYS: encryptionKeysField,
  DATABASE_URL: postgresUrl.optional(),
  LOG_LEVEL: logLevel,
  /** The dev server serves this namespace and the worker polls this queue (a project's defaults sit below them). */
  TEMPORAL_NAMESPACE: connectionFields.TEMPORAL_NAMESPACE,
  SLUICE_TASK_QUEUE: connectionFields.SLUICE_TASK_QUEUE,
});

export type DevConfig = z.infer<typeof devConfigSchema>;
