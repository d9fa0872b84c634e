// Opens the worker's connection to Temporal from the connection settings; an unreachable server is named.
import { NativeConnection } from '@temporalio/worker';
import type { ConnectionConfig } from '../runtime/connection-config';

export async function connectWorker(config: ConnectionConfig): Promise<NativeConnection> {
  const { options, settings } = config.temporal;
  return NativeConnection.connect(options).catch((err: Error) => {
    throw new Error(`cannot reach Temporal at ${options.address} (${err.message}); check ${settings}`);
  });
}
