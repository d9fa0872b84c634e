// What every Temporal connection reads, the worker's and the client's: Temporal's own settings, the task queue, payload keys.
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from '../core/pipeline/defaults';
import { encryptionKeysField } from './codec/encryption-keys-field';
import type { KeyRing } from './codec/key-ring';
import { envBoolean } from './parse-env';
import { TEMPORAL_VARIABLES, temporalConnectionSchema } from './temporal-connection';

/** Sluice's own connection variables; Temporal's (address, namespace, TLS, API key, profile) are in temporal-connection.ts. */
export const connectionFields = {
  SLUICE_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  /** `id:base64key` entries: payloads are encrypted with the first, decrypted with any (rotation). */
  SLUICE_ENCRYPTION_KEYS: encryptionKeysField,
  /** Refuse payloads that are not encrypted (a client or a UI without the keys started the run); needs keys. */
  SLUICE_REQUIRE_ENCRYPTION: envBoolean,
};

/** SLUICE_REQUIRE_ENCRYPTION without keys could accept nothing: listed with the other problems. */
export function requireEncryptionNeedsKeys(
  config: { SLUICE_REQUIRE_ENCRYPTION: boolean; SLUICE_ENCRYPTION_KEYS?: KeyRing | undefined },
  ctx: z.RefinementCtx,
): void {
  if (config.SLUICE_REQUIRE_ENCRYPTION && !config.SLUICE_ENCRYPTION_KEYS)
    ctx.addIssue({
      code: 'custom',
      path: ['SLUICE_REQUIRE_ENCRYPTION'],
      message: 'needs SLUICE_ENCRYPTION_KEYS: set the keys, or unset SLUICE_REQUIRE_ENCRYPTION',
    });
}

/** Every variable a connection reads. */
export const CONNECTION_VARIABLES: readonly string[] = [
  ...Object.keys(connectionFields),
  ...TEMPORAL_VARIABLES,
];

/** Intersected, so that the connection's problems are listed even when another field is missing. */
export const connectionConfigSchema = z
  .object(connectionFields)
  .superRefine(requireEncryptionNeedsKeys)
  .and(temporalConnectionSchema);

export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;
