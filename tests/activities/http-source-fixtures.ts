// The HTTP source tests' local JSON server, sample records, a route per pagination style, and read helpers.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import { httpPages, type HttpPage, type HttpPagesOptions } from '../../activities/fetch/http/http-pages';
import type { HttpSource } from '../../core/fetch/source-spec';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

/** A request as the server saw it. */
export type SeenRequest = { url: URL; headers: http.IncomingHttpHeaders };

/** The server's origin and port; set once it listens, before the file's tests run. */
export let origin: string;
export let port: number;

/** For a test file: a local HTTP server, listening before its tests and closed after, that hands each request to `handle`. */
export function serveRoutes(handle: Route): void {
  let server: http.Server;
  before(async () => {
    server = http.createServer((req, res) => handle(req, res, new URL(req.url ?? '/', origin)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
}

/** The route the current test set and the requests the server saw; reset before each test. */
export const served: { route: Route; requests: SeenRequest[] } = { route: () => undefined, requests: [] };

/** Serves `served.route` for the file's tests, recording every request; the default route answers 404. */
export function serveRecordedRoutes(): void {
  serveRoutes((req, res, url) => {
    served.requests.push({ url, headers: req.headers });
    served.route(req, res, url);
  });
  beforeEach(() => {
    served.requests = [];
    served.route = (_req, res) => json(res, 404, { error: 'no route' });
  });
}

export const ALL = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, name: `order ${i + 1}` }));

export function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const fast = { maxBackoff: '5ms', requestTimeout: '2s' } satisfies Partial<HttpSource>;

export async function readAll(
  spec: HttpSource,
  options: Partial<HttpPagesOptions> = {},
): Promise<HttpPage[]> {
  const pages: HttpPage[] = [];
  for await (const page of httpPages(spec, { params: {}, env: {}, ...options })) pages.push(page);
  return pages;
}

/** The ids of each page's rows, page by page. */
export const ids = (pages: HttpPage[]) => pages.map((p) => p.rows.map((r) => r.id));

/** Rejects with the given class and returns the error for further checks. */
export async function failure<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${type.name}, but the read succeeded`);
}

// --- the pagination styles' routes and specs ---------------------------------------------------------

export const pageRoute: Route = (_req, res, url) => {
  const page = Number(url.searchParams.get('page'));
  const size = Number(url.searchParams.get('per_page'));
  json(res, 200, { data: { items: ALL.slice((page - 1) * size, page * size) }, meta: { total_pages: 3 } });
};
export const pageSpec: HttpSource = {
  kind: 'http',
  url: '',
  recordsPath: 'data.items',
  pagination: { style: 'page', sizeParam: 'per_page', pageSize: 3 },
};

export const cursorRoute: Route = (_req, res, url) => {
  const start = Number(url.searchParams.get('after')?.slice(1) ?? '0'); // tokens look like c3
  const items = ALL.slice(start, start + 3);
  const next = start + 3 < ALL.length ? `c${start + 3}` : null;
  json(res, 200, { items, paging: { next } });
};
export const cursorSpec = (): HttpSource => ({
  kind: 'http',
  url: `${origin}/orders`,
  recordsPath: 'items',
  pagination: { style: 'cursor', cursorParam: 'after', nextCursorPath: 'paging.next' },
});

export const linkRoute: Route = (_req, res, url) => {
  const page = Number(url.searchParams.get('p') ?? '1');
  const links = [`<${origin}/orders?p=1>; rel="first"`];
  if (page < 3) links.push(`</orders?p=${page + 1}&sort=id>; rel="next"`); // relative, as some APIs send
  if (page > 1) links.push(`<${origin}/orders?p=${page - 1}>; rel="prev"`);
  json(res, 200, ALL.slice((page - 1) * 3, page * 3), { link: links.join(', ') });
};

export const nextUrlRoute: Route = (_req, res, url) => {
  const from = Number(url.searchParams.get('from') ?? '0');
  const next = from + 3 < ALL.length ? `${origin}/orders?from=${from + 3}` : null;
  json(res, 200, { data: ALL.slice(from, from + 3), links: { next } });
};
