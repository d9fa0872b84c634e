// A local JSON API of the generated orders, paged by cursor, that answers chosen pages with faults.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { order } from './orders-project';

/** What the API answers a request instead of its page. */
export type Fault =
  | { kind: '500' }
  | { kind: '429'; retryAfterSeconds: number }
  /** No answer at all: the request hangs until the client gives up on it. */
  | { kind: 'stall' }
  /** Headers and half the body, then nothing more until the client gives up. */
  | { kind: 'stall-body' }
  /** Content-Length of the whole page, half the body, then the connection closes. */
  | { kind: 'short-body' }
  /** A chunked body, cut off halfway by destroying the connection. */
  | { kind: 'cut-connection' }
  /** A body framed only by the connection's end (no length, no chunks, as HTTP/1.0 allows), cut off halfway. */
  | { kind: 'cut-unframed' }
  /** The page itself, `ms` late. */
  | { kind: 'slow'; ms: number };

/** One page: the numbers of the orders it holds, and the position of the page after it (null: none). */
export interface ApiPage {
  orders: number[];
  next: number | null;
}

/** The API's pages by position (the cursor; 0 is the first page, asked for without one) and its faults. */
export interface Scenario {
  page(position: number): ApiPage;
  /** Answered to a position's first requests, one fault per request, before the page itself is. */
  faults?: Record<number, Fault[]>;
}

/** One request as the API saw it: when it came, for which position, and the fault it got, if any. */
export interface Served {
  position: number;
  at: number;
  fault?: Fault;
  /** For a stall (of the answer or its body): how long the client waited before it closed the request. */
  waitedMs?: number;
}

export interface OrdersApi {
  /** The first page's URL; the next ones add `?cursor=<position>` (a response's `next`). */
  url: string;
  /** Answers `scenario` from now on, and starts a new log. */
  serve(scenario: Scenario): void;
  /** The requests since the last serve, in arrival order. */
  served(): Served[];
  close(): Promise<void>;
}

/** `rows` orders from 1 in pages of `size`, in order. */
export function inPages(rows: number, size: number): number[][] {
  return Array.from({ length: Math.ceil(rows / size) }, (_, p) =>
    Array.from({ length: Math.min(size, rows - p * size) }, (_, i) => p * size + i + 1),
  );
}

/** The API walking `pages` one after another, the last one ending the walk. */
export function walk(pages: number[][]): Scenario['page'] {
  return (position) => {
    const orders = pages[position];
    if (!orders) throw new Error(`no page at position ${position}`);
    return { orders, next: position + 1 < pages.length ? position + 1 : null };
  };
}

export async function startOrdersApi(): Promise<OrdersApi> {
  let scenario: Scenario = { page: walk([]) };
  let log: Served[] = [];
  let faults = new Map<number, Fault[]>();
  const server = http.createServer((req, res) => {
    const cursor = new URL(req.url ?? '/', 'http://api').searchParams.get('cursor');
    const entry: Served = { position: cursor === null ? 0 : Number(cursor), at: Date.now() };
    log.push(entry);
    const fault = faults.get(entry.position)?.shift();
    if (fault) entry.fault = fault;
    let body: string;
    try {
      const { orders, next } = scenario.page(entry.position);
      body = JSON.stringify({ data: orders.map(order), next: next === null ? null : String(next) });
    } catch (err) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: (err as Error).message }));
      return;
    }
    answer(req, res, body, entry);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/orders`,
    serve: (next) => {
      scenario = next;
      faults = new Map(Object.entries(next.faults ?? {}).map(([p, list]) => [Number(p), [...list]]));
      log = [];
    },
    served: () => log,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, body: string, entry: Served): void {
  const json = { 'content-type': 'application/json' };
  const half = body.slice(0, Math.floor(body.length / 2));
  switch (entry.fault?.kind) {
    case undefined:
      res.writeHead(200, json);
      res.end(body);
      return;
    case '500':
      res.writeHead(500, json);
      res.end(JSON.stringify({ error: 'injected fault' }));
      return;
    case '429':
      res.writeHead(429, { ...json, 'retry-after': String(entry.fault.retryAfterSeconds) });
      res.end(JSON.stringify({ error: 'slow down' }));
      return;
    case 'stall':
      req.socket.once('close', () => (entry.waitedMs = Date.now() - entry.at));
      return;
    case 'stall-body':
      req.socket.once('close', () => (entry.waitedMs = Date.now() - entry.at));
      res.writeHead(200, { ...json, 'content-length': Buffer.byteLength(body) });
      res.write(half);
      return;
    case 'short-body':
      res.writeHead(200, { ...json, 'content-length': Buffer.byteLength(body) });
      res.write(half, () => res.destroy());
      return;
    case 'cut-connection':
      res.writeHead(200, json);
      res.write(half, () => res.destroy());
      return;
    case 'slow':
      setTimeout(() => {
        res.writeHead(200, json);
        res.end(body);
      }, entry.fault.ms);
      return;
    case 'cut-unframed':
      res.detachSocket(req.socket);
      req.socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${half}`);
  }
}
