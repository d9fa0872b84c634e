// Opens a Temporal client from a ConnectionConfig (encrypting when keys are set); an unreachable server is named.
import { Client, Connection } from '@temporalio/client';
import { sluiceDataConverter } from '../runtime/codec/data-converter';
import type { ConnectionConfig } from '../runtime/connection-config';
import { defaultActor } from './default-actor';

/** The server did not answer; the CLI exits 3 on it. */
export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
}

/** The client's Temporal identity, the actor its operator actions are recorded as: SLUICE_ACTOR, else user@host. */
export async function connectClient(config: ConnectionConfig & { SLUICE_ACTOR?: string }): Promise<Client> {
  const { options, namespace, settings } = config.temporal;
  try {
    const connection = await Connection.connect({ ...options, connectTimeout: '5s' });
    return new Client({
      connection,
      namespace,
      identity: config.SLUICE_ACTOR ?? defaultActor(),
      dataConverter: sluiceDataConverter(config.SLUICE_ENCRYPTION_KEYS, config.SLUICE_REQUIRE_ENCRYPTION),
    });
  } catch (err) {
    throw new ServerUnreachableError(
      `cannot reach Temporal at ${options.address} (${(err as Error).message}); check ${settings} and that the server runs`,
    );
  }
}
