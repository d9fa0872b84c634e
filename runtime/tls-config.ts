// TLS settings for a Temporal connection, the client's and the worker's, from the connection variables.
import { readFile } from 'node:fs/promises';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { ConnectionConfig } from './connection-config';

type TlsFields = Pick<
  ConnectionConfig,
  'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME'
>;

/** TLS settings from the configuration: false for plain TCP, else server CA / mTLS pair / SNI override. */
export async function tlsConfig(config: TlsFields): Promise<TLSConfig | boolean> {
  const mtls = config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY;
  if (!mtls && !config.TEMPORAL_TLS_CA && config.TEMPORAL_TLS !== 'true') return false;
  return {
    ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(config.TEMPORAL_TLS_CA ? { serverRootCACertificate: await readFile(config.TEMPORAL_TLS_CA) } : {}),
    ...(mtls
      ? {
          clientCertPair: {
            crt: await readFile(config.TEMPORAL_TLS_CERT as string),
            key: await readFile(config.TEMPORAL_TLS_KEY as string),
          },
        }
      : {}),
  };
}
