// Opens the worker's connection to Temporal from the connection variables; an unreachable server is named.
import { NativeConnection } from '@temporalio/worker';
import type { ConnectionConfig } from '../runtime/connection-config';
import { tlsConfig } from '../runtime/tls-config';

export async function connectWorker(config: ConnectionConfig): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.TEMPORAL_ADDRESS,
    tls: await tlsConfig(config),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  }).catch((err: Error) => {
    throw new Error(
      `cannot reach Temporal at ${config.TEMPORAL_ADDRESS} (${err.message}); check TEMPORAL_ADDRESS`,
    );
  });
}
