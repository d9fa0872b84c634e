// Opens a Temporal client from a ConnectionConfig (encrypting when keys are set); an unreachable server is named.
import { Client, Connection } from '@temporalio/client';
import { sluiceDataConverter } from '../runtime/codec/data-converter';
import type { ConnectionConfig } from '../runtime/connection-config';

/** The server did not answer; the CLI exits 3 on it. */
export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
}

export async function connectClient(config: ConnectionConfig): Promise<Client> {
  const { options, namespace, settings } = config.temporal;
  try {
    const connection = await Connection.connect({ ...options, connectTimeout: '5s' });
    return new Client({
      connection,
      namespace,
      dataConverter: sluiceDataConverter(config.SLUICE_ENCRYPTION_KEYS),
    });
  } catch (err) {
    throw new ServerUnreachableError(
      `cannot reach Temporal at ${options.address} (${(err as Error).message}); check ${settings} and that the server runs`,
    );
  }
}
