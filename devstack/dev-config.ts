// Configuration of the embedded dev stack (npm start, tests), read from the environment once.
import { z } from 'zod';
import { encryptionKeysField } from '../runtime/codec/encryption-keys-field';
import { logLevel, postgresUrl } from '../runtime/parse-env';

const port = z.coerce.number().int().min(1).max(65535);

export const devConfigSchema = z.object({
  /** Where the dev stack keeps its state: PostgreSQL data and the Temporal SQLite file. */
  SLUICE_HOME: z.string().min(1).default('.sluice'),
  SLUICE_TEMPORAL_PORT: port.default(7233),
  SLUICE_UI_PORT: port.default(8233),
  SLUICE_PG_PORT: port.default(5433),
  /** With SLUICE_ENCRYPTION_KEYS: where the codec server the Web UI decodes with listens. */
  SLUICE_CODEC_PORT: port.default(8234),
  SLUICE_ENCRYPTION_KEYS: encryptionKeysField,
  DATABASE_URL: postgresUrl.optional(),
  LOG_LEVEL: logLevel,
});

export type DevConfig = z.infer<typeof devConfigSchema>;
