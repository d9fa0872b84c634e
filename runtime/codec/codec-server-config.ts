// What `sluice codec-server` reads from the environment: the keys (required) and an optional bearer token.
import { z } from 'zod';
import { encryptionKeysField } from './encryption-keys-field';

export const codecServerConfigSchema = z.object({
  SLUICE_ENCRYPTION_KEYS: encryptionKeysField.refine(
    (ring) => ring !== undefined,
    'the codec server needs the keys the workers use (id:base64key, ...)',
  ),
  /** Callers must send `Authorization: Bearer <token>` when set (the Web UI's "pass access token"). */
  SLUICE_CODEC_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});
