// Opens a SluiceClient for one command (the environment over the project's defaults) and closes it after.
import { SluiceClient } from '../client/sluice-client';
import { clientEnv } from './cli-project';

export async function withClient<T>(fn: (client: SluiceClient) => Promise<T>): Promise<T> {
  const client = await SluiceClient.fromEnv(clientEnv());
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
