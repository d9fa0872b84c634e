// Opens a Temporal client from a ConnectionConfig (encrypting when keys are set); an unreachable server is named.
import { readFile } from 'node:fs/promises';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { sluiceDataConverter } from './codec/data-converter';
import type { ConnectionConfig } from './connection-config';

type TlsFields = Pick<
  ConnectionConfig,
  'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME'
>;

/** The server did not answer; the CLI exits 3 on it. */
export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
}

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

export async function connectClient(config: ConnectionConfig): Promise<Client> {
  const tls = await tlsConfig(config);
  try {
    const connection = await Connection.connect({
      address: config.TEMPORAL_ADDRESS,
      tls,
      connectTimeout: '5s',
      ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
    });
    return new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: sluiceDataConverter(config.SLUICE_ENCRYPTION_KEYS),
    });
  } catch (err) {
    throw new ServerUnreachableError(
      `cannot reach Temporal at ${config.TEMPORAL_ADDRESS} (${(err as Error).message}); check TEMPORAL_ADDRESS and that the server runs`,
    );
  }
}
