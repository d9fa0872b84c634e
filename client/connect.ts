// Opens a Temporal client from a ConnectionConfig (encrypting when keys are set); an unreachable server is named.
import { Client, Connection } from '@temporalio/client';
import { sluiceDataConverter } from '../runtime/codec/data-converter';
import { tlsConfig } from '../runtime/tls-config';
import type { ConnectionConfig } from '../runtime/connection-config';

/** The server did not answer; the CLI exits 3 on it. */
export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
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
