// A client's configuration: the connection's variables, and who its operator actions are recorded as.
import { z } from 'zod';
import { connectionConfigSchema } from '../runtime/connection-config';

export const clientConfigSchema = connectionConfigSchema.and(
  z.object({
    /** Who this client's approvals and operator actions are recorded as (its Temporal identity); default user@host. */
    SLUICE_ACTOR: z.string().trim().min(1).max(200).optional(),
  }),
);

export type ClientConfig = z.infer<typeof clientConfigSchema>;
