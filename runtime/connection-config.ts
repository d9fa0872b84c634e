// How a client reaches Temporal, read from the environment: address, namespace, TLS / mTLS, API key, payload keys.
import { z } from 'zod';
import { DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE } from '../core/pipeline/defaults';
import { encryptionKeysField } from './codec/encryption-keys-field';

const file = z.string().min(1, 'must be a file path');

/** A `host:port` address, as gRPC and the metrics exporter take it. */
export const hostPort = z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. localhost:7233');

/** The variables every Temporal connection reads: the worker's and the client's. */
export const connectionFields = {
  TEMPORAL_ADDRESS: hostPort.default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default(DEFAULT_NAMESPACE),
  SLUICE_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  /** TLS without client certificates (Temporal Cloud with an API key, say). */
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
  TEMPORAL_TLS_CERT: file.optional(),
  TEMPORAL_TLS_KEY: file.optional(),
  TEMPORAL_TLS_CA: file.optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** `id:base64key` entries: payloads are encrypted with the first, decrypted with any (rotation). */
  SLUICE_ENCRYPTION_KEYS: encryptionKeysField,
};

/** mTLS needs both halves of the key pair. */
export const tlsPairRule: [
  (c: { TEMPORAL_TLS_CERT?: string | undefined; TEMPORAL_TLS_KEY?: string | undefined }) => boolean,
  { message: string; path: string[] },
] = [
  (c) => Boolean(c.TEMPORAL_TLS_CERT) === Boolean(c.TEMPORAL_TLS_KEY),
  {
    message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (mTLS); set both or neither',
    path: ['TEMPORAL_TLS_CERT'],
  },
];

export const connectionConfigSchema = z.object(connectionFields).refine(...tlsPairRule);

export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;
