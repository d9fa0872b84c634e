// A real HTTP server on loopback that takes webhook POSTs, answering each with the status its script says.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The status this request was answered with. */
  status: number;
}

export interface WebhookReceiver {
  /** Includes a secret-looking path, as a Slack webhook URL does. */
  url: URL;
  received: ReceivedWebhook[];
  /** The status for the nth request (from 1) with an idempotency key; 200 unless set. */
  answer: (key: string, nth: number) => number;
  /** Resolves once `predicate` holds over what was received (15 s at most). */
  until(predicate: (received: ReceivedWebhook[]) => boolean, what: string): Promise<ReceivedWebhook[]>;
}

export const WEBHOOK_TOKEN = 'T0KEN-SECRET-4f1c9b';

/** For a test file: one receiver, started before its tests and closed after. */
export function useWebhookReceiver(): WebhookReceiver {
  const counts = new Map<string, number>();
  const receiver = { received: [], answer: () => 200 } as unknown as WebhookReceiver;
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const key = String(request.headers['idempotency-key'] ?? '');
      const nth = (counts.get(key) ?? 0) + 1;
      counts.set(key, nth);
      const status = receiver.answer(key, nth);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text: the test sees what was sent
      }
      receiver.received.push({ path: request.url ?? '', headers: request.headers, body, status });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'server_error');
    });
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver.url = new URL(`http://127.0.0.1:${port}/services/${WEBHOOK_TOKEN}`);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  receiver.until = async (predicate, what) => {
    const deadline = Date.now() + 15_000;
    while (!predicate(receiver.received)) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(receiver.received)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return receiver.received;
  };
  return receiver;
}
