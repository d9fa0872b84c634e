// Opens a SluiceClient from the environment for one command and closes it after.
import { SluiceClient } from '../client/sluice-client';

export async function withClient<T>(fn: (client: SluiceClient) => Promise<T>): Promise<T> {
  const client = await SluiceClient.fromEnv();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
