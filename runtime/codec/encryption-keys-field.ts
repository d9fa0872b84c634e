// The zod field for SLUICE_ENCRYPTION_KEYS: optional, read into a KeyRing, problems listed without key material.
import { z } from 'zod';
import { KeyRing } from './key-ring';

export const encryptionKeysField = z
  .string()
  .optional()
  .transform((value, ctx): KeyRing | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    const { ring, problems } = KeyRing.parse(value);
    for (const message of problems) ctx.addIssue({ code: 'custom', message });
    return ring ?? z.NEVER;
  });
