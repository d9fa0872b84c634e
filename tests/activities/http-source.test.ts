// The HTTP JSON source against a real local HTTP server: pagination, resume, retries, limits, secrets.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { httpPages, type HttpPage, type HttpPagesOptions } from '../../activities/fetch/http/http-pages';
import { HttpRetryableError } from '../../activities/fetch/http/http-retryable-error';
import { HttpSourceError } from '../../activities/fetch/http/http-source-error';
import type { HttpRetryEvent } from '../../activities/fetch/http/request-settings';
import { MalformedSourceError } from '../../activities/fetch/malformed-source-error';
import type { HttpSource } from '../../core/source-spec';

type Route = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

let server: http.Server;
let origin: string;
let port: number;
let route: Route;
let requests: { url: URL; headers: http.IncomingHttpHeaders }[];

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    requests.push({ url, headers: req.headers });
    route(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
  route = (_req, res) => json(res, 404, { error: 'no route' });
});

const ALL = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, name: `order ${i + 1}` }));

function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const fast = { maxBackoff: '5ms', requestTimeout: '2s' } satisfies Partial<HttpSource>;

async function readAll(spec: HttpSource, options: Partial<HttpPagesOptions> = {}): Promise<HttpPage[]> {
  const pages: HttpPage[] = [];
  for await (const page of httpPages(spec, { params: {}, env: {}, ...options })) pages.push(page);
  return pages;
}

/** The ids of each page's rows, page by page. */
const ids = (pages: HttpPage[]) => pages.map((p) => p.rows.map((r) => r.id));
const query = (name: string) => requests.map((r) => r.url.searchParams.get(name));

/** Rejects with the given class and returns the error for further checks. */
async function failure<E extends Error>(
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

// --- pagination styles -----------------------------------------------------------------------------

const pageRoute: Route = (_req, res, url) => {
  const page = Number(url.searchParams.get('page'));
  const size = Number(url.searchParams.get('per_page'));
  json(res, 200, { data: { items: ALL.slice((page - 1) * size, page * size) }, meta: { total_pages: 3 } });
};
const pageSpec: HttpSource = {
  kind: 'http',
  url: '',
  recordsPath: 'data.items',
  pagination: { style: 'page', sizeParam: 'per_page', pageSize: 3 },
};

test('page numbers: pages until an empty one, each exactly once', async () => {
  route = pageRoute;
  const pages = await readAll({ ...pageSpec, url: `${origin}/orders` });
  assert.deepEqual(ids(pages), [[1, 2, 3], [4, 5, 6], [7], []]);
  assert.deepEqual(query('page'), ['1', '2', '3', '4']);
  assert.deepEqual(query('per_page'), ['3', '3', '3', '3']);
  assert.deepEqual(
    pages.map((p) => [p.pageNumber, p.cursor]),
    [
      [1, { pages: 1, next: { page: 2 } }],
      [2, { pages: 2, next: { page: 3 } }],
      [3, { pages: 3, next: { page: 4 } }],
      [4, { pages: 4, next: null }],
    ],
  );
  assert.deepEqual(pages[0]?.rows[0], { id: 1, name: 'order 1' });
});

test('page numbers: a total-pages field ends the read without asking for an empty page', async () => {
  route = pageRoute;
  const spec: HttpSource = {
    ...pageSpec,
    url: `${origin}/orders`,
    pagination: { style: 'page', sizeParam: 'per_page', pageSize: 3, totalPagesPath: 'meta.total_pages' },
  };
  const pages = await readAll(spec);
  assert.deepEqual(ids(pages), [[1, 2, 3], [4, 5, 6], [7]]);
  assert.deepEqual(query('page'), ['1', '2', '3']);
  assert.equal(pages[2]?.cursor.next, null);
});

test('offset/limit: the offset advances by the records received, even when the API caps the limit', async () => {
  route = (_req, res, url) => {
    const offset = Number(url.searchParams.get('skip'));
    const limit = Math.min(2, Number(url.searchParams.get('take'))); // the API allows at most 2
    json(res, 200, { results: ALL.slice(offset, offset + limit), total: ALL.length });
  };
  const pagination = { style: 'offset', offsetParam: 'skip', limitParam: 'take', limit: 3 } as const;
  const spec: HttpSource = { kind: 'http', url: `${origin}/orders`, recordsPath: 'results', pagination };
  const pages = await readAll(spec);
  assert.deepEqual(ids(pages), [[1, 2], [3, 4], [5, 6], [7], []]);
  assert.deepEqual(query('skip'), ['0', '2', '4', '6', '7']);
  assert.deepEqual(query('take'), ['3', '3', '3', '3', '3']);
  requests = [];
  const counted = await readAll({ ...spec, pagination: { ...pagination, totalPath: 'total' } });
  assert.deepEqual(ids(counted), [[1, 2], [3, 4], [5, 6], [7]]);
  assert.deepEqual(query('skip'), ['0', '2', '4', '6']);
});

const cursorRoute: Route = (_req, res, url) => {
  const start = Number(url.searchParams.get('after')?.slice(1) ?? '0'); // tokens look like c3
  const items = ALL.slice(start, start + 3);
  const next = start + 3 < ALL.length ? `c${start + 3}` : null;
  json(res, 200, { items, paging: { next } });
};
const cursorSpec = (): HttpSource => ({
  kind: 'http',
  url: `${origin}/orders`,
  recordsPath: 'items',
  pagination: { style: 'cursor', cursorParam: 'after', nextCursorPath: 'paging.next' },
});

test('cursor token: read from the body, sent as a param, until there is none', async () => {
  route = cursorRoute;
  const pages = await readAll(cursorSpec());
  assert.deepEqual(ids(pages), [[1, 2, 3], [4, 5, 6], [7]]);
  assert.deepEqual(query('after'), [null, 'c3', 'c6']);
  assert.deepEqual(
    pages.map((p) => p.cursor),
    [
      { pages: 1, next: { token: 'c3' } },
      { pages: 2, next: { token: 'c6' } },
      { pages: 3, next: null },
    ],
  );
});

const linkRoute: Route = (_req, res, url) => {
  const page = Number(url.searchParams.get('p') ?? '1');
  const links = [`<${origin}/orders?p=1>; rel="first"`];
  if (page < 3) links.push(`</orders?p=${page + 1}&sort=id>; rel="next"`); // relative, as some APIs send
  if (page > 1) links.push(`<${origin}/orders?p=${page - 1}>; rel="prev"`);
  json(res, 200, ALL.slice((page - 1) * 3, page * 3), { link: links.join(', ') });
};

test('Link header: follows rel="next" (relative or absolute) until there is none', async () => {
  route = linkRoute;
  const pages = await readAll({
    kind: 'http',
    url: `${origin}/orders`,
    pagination: { style: 'link-header' },
  });
  assert.deepEqual(ids(pages), [[1, 2, 3], [4, 5, 6], [7]]);
  assert.deepEqual(
    requests.map((r) => r.url.search),
    ['', '?p=2&sort=id', '?p=3&sort=id'],
  );
  assert.deepEqual(pages[0]?.cursor, { pages: 1, next: { url: `${origin}/orders?p=2&sort=id` } });
  assert.equal(pages[2]?.cursor.next, null);
});

const nextUrlRoute: Route = (_req, res, url) => {
  const from = Number(url.searchParams.get('from') ?? '0');
  const next = from + 3 < ALL.length ? `${origin}/orders?from=${from + 3}` : null;
  json(res, 200, { data: ALL.slice(from, from + 3), links: { next } });
};

test('next URL from a body field: followed until it is null', async () => {
  route = nextUrlRoute;
  const pages = await readAll({
    kind: 'http',
    url: `${origin}/orders`,
    recordsPath: 'data',
    pagination: { style: 'next-url', nextUrlPath: 'links.next' },
  });
  assert.deepEqual(ids(pages), [[1, 2, 3], [4, 5, 6], [7]]);
  assert.deepEqual(query('from'), [null, '3', '6']);
});

test('no pagination: one request, the body itself is the array of records', async () => {
  route = (_req, res) => json(res, 200, ALL.slice(0, 2));
  const pages = await readAll({ kind: 'http', url: `${origin}/orders` });
  assert.deepEqual(ids(pages), [[1, 2]]);
  assert.deepEqual(pages[0]?.cursor, { pages: 1, next: null });
  assert.equal(requests.length, 1);
  assert.equal(requests[0]?.headers.accept, 'application/json');
});

// --- resume ------------------------------------------------------------------------------------------

test('resuming from any page cursor reads exactly the pages after it, for every style', async () => {
  const styles: [string, Route, () => HttpSource][] = [
    ['page', pageRoute, () => ({ ...pageSpec, url: `${origin}/orders` })],
    [
      'offset',
      (_req, res, url) => {
        const offset = Number(url.searchParams.get('offset'));
        json(res, 200, ALL.slice(offset, offset + 2));
      },
      () => ({ kind: 'http', url: `${origin}/o`, pagination: { style: 'offset', limit: 2 } }),
    ],
    ['cursor', cursorRoute, () => ({ ...cursorSpec(), url: `${origin}/orders` })],
    [
      'link-header',
      linkRoute,
      () => ({ kind: 'http', url: `${origin}/orders`, pagination: { style: 'link-header' } }),
    ],
    [
      'next-url',
      nextUrlRoute,
      () => ({
        kind: 'http',
        url: `${origin}/orders`,
        recordsPath: 'data',
        pagination: { style: 'next-url', nextUrlPath: 'links.next' },
      }),
    ],
  ];
  for (const [style, styleRoute, spec] of styles) {
    route = styleRoute;
    const full = await readAll(spec());
    assert.ok(full.length >= 3, style);
    assert.deepEqual(ids(full).flat(), [1, 2, 3, 4, 5, 6, 7], style);
    for (let k = 0; k < full.length; k += 1) {
      // A cursor survives a heartbeat: it goes through JSON like Temporal's payload converter does.
      const resumeFrom = JSON.parse(JSON.stringify(full[k]?.cursor));
      requests = [];
      const rest = await readAll(spec(), { resumeFrom });
      assert.deepEqual(rest, full.slice(k + 1), `${style} resumed after page ${k + 1}`);
      assert.equal(requests.length, full.length - k - 1, `${style}: requests after page ${k + 1}`);
    }
  }
});

test('a cursor from another pagination style is refused as terminal', async () => {
  route = pageRoute;
  const err = await failure(
    readAll({ ...pageSpec, url: `${origin}/orders` }, { resumeFrom: { pages: 2, next: { token: 'abc' } } }),
    HttpSourceError,
  );
  assert.match(err.message, /cannot resume from cursor .* does not fit pagination style "page"/);
  assert.equal(requests.length, 0);
});

// --- templated params ----------------------------------------------------------------------------

test('params are templated with partition, params and watermark and reach the server', async () => {
  route = (_req, res) => json(res, 200, []);
  const spec: HttpSource = {
    kind: 'http',
    url: `${origin}/regions/{{params.region}}/orders?fixed=1`,
    params: {
      updated_since: '{{watermark}}',
      day: '{{partition}}',
      region: '{{params.region}}',
      note: 'day {{partition}}',
    },
  };
  await readAll(spec, {
    partition: '2024-05-01',
    params: { region: 'eu west' },
    watermark: '2024-04-30T10:00:00Z',
  });
  assert.equal(requests[0]?.url.pathname, '/regions/eu%20west/orders');
  assert.deepEqual(Object.fromEntries(requests[0]?.url.searchParams ?? []), {
    fixed: '1',
    updated_since: '2024-04-30T10:00:00Z',
    day: '2024-05-01',
    region: 'eu west',
    note: 'day 2024-05-01',
  });

  requests = [];
  await readAll(spec, { partition: '2024-05-01', params: { region: 'eu' } });
  assert.equal(requests[0]?.url.searchParams.has('updated_since'), false, 'no watermark yet: left out');
  assert.equal(requests[0]?.url.searchParams.get('day'), '2024-05-01');
});

test('an unknown placeholder, a missing partition or a missing param is terminal, before any request', async () => {
  const spec = (params: Record<string, string>): HttpSource => ({ kind: 'http', url: `${origin}/x`, params });
  const unknown = await failure(readAll(spec({ a: '{{today}}' })), HttpSourceError);
  assert.equal(unknown.message, 'source.params.a uses unknown placeholder {{today}}');
  const noPartition = await failure(readAll(spec({ day: '{{partition}}' })), HttpSourceError);
  assert.equal(noPartition.message, 'source.params.day uses {{partition}} but this run has no partition');
  const noParam = await failure(readAll(spec({ r: '{{params.region}}' }), { params: {} }), HttpSourceError);
  assert.equal(noParam.message, 'source.params.r uses {{params.region}} but the run has no param "region"');
  const inherited = await failure(readAll(spec({ r: '{{params.toString}}' })), HttpSourceError);
  assert.match(inherited.message, /no param "toString"/);
  assert.equal(requests.length, 0);
});

// --- retries and backoff -----------------------------------------------------------------------------

/** Answers with `failures` first (one per request), then with the records. */
function flaky(failures: ((res: http.ServerResponse) => void)[]): Route {
  return (_req, res) => {
    const fail = failures.shift();
    if (fail) fail(res);
    else json(res, 200, [{ id: 1 }]);
  };
}

test('429 with Retry-After: waits as asked, then reads the page', async () => {
  const events: HttpRetryEvent[] = [];
  route = flaky([
    (res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '0' }),
    (res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }),
  ]);
  const started = Date.now();
  const pages = await readAll(
    { kind: 'http', url: `${origin}/orders`, maxBackoff: '2s' },
    { onRetry: (e) => events.push(e) },
  );
  assert.deepEqual(ids(pages), [[1]]);
  assert.equal(requests.length, 3);
  assert.deepEqual(
    events.map((e) => [e.attempt, e.waitMs]),
    [
      [1, 0],
      [2, 1000],
    ],
  );
  assert.match(events[0]?.problem ?? '', /answered 429 Too Many Requests: \{"error":"slow down"\}/);
  assert.ok(Date.now() - started >= 950, 'Retry-After: 1 was honoured');
});

test('a Retry-After longer than maxBackoff hands over to the step retry policy at once', async () => {
  route = (_req, res) => json(res, 429, {}, { 'retry-after': '120' });
  const err = await failure(readAll({ kind: 'http', url: `${origin}/orders`, ...fast }), HttpRetryableError);
  assert.equal(err.retryAfterMs, 120_000);
  assert.ok(!(err instanceof MalformedSourceError));
  assert.match(
    err.message,
    /asked to wait 120000 ms \(Retry-After\), longer than source\.maxBackoff \(5 ms\)/,
  );
  assert.equal(requests.length, 1);
});

test('5xx then success: retried inside the source', async () => {
  route = flaky([(res) => json(res, 503, {}), (res) => json(res, 502, {})]);
  const pages = await readAll({ kind: 'http', url: `${origin}/orders`, ...fast });
  assert.deepEqual(ids(pages), [[1]]);
  assert.equal(requests.length, 3);
});

test('persistent 5xx: a plain retryable error after maxAttempts requests', async () => {
  route = (_req, res) => json(res, 500, { error: 'boom' });
  const err = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, maxAttempts: 3, ...fast }),
    HttpRetryableError,
  );
  assert.ok(!(err instanceof MalformedSourceError));
  assert.equal(
    err.message,
    `GET ${origin}/orders answered 500 Internal Server Error: {"error":"boom"} (attempt 3 of 3)`,
  );
  assert.equal(requests.length, 3);
});

test('a request that hangs past requestTimeout is retried', async () => {
  route = flaky([() => undefined]); // the first request never gets an answer
  const events: HttpRetryEvent[] = [];
  const pages = await readAll(
    { kind: 'http', url: `${origin}/orders`, requestTimeout: '150ms', maxBackoff: '5ms' },
    { onRetry: (e) => events.push(e) },
  );
  assert.deepEqual(ids(pages), [[1]]);
  assert.match(events[0]?.problem ?? '', /no answer within 150 ms \(source\.requestTimeout\)/);
});

test('a body cut off by the connection is a network error: retried', async () => {
  route = flaky([
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('[{"id":1},');
      setTimeout(() => res.destroy(), 5);
    },
  ]);
  const pages = await readAll({ kind: 'http', url: `${origin}/orders`, ...fast });
  assert.deepEqual(ids(pages), [[1]]);
  assert.equal(requests.length, 2);
});

test('cancellation aborts a backoff wait and rethrows the signal reason', async () => {
  route = (_req, res) => json(res, 503, {});
  const controller = new AbortController();
  const reason = new Error('activity cancelled');
  const reading = readAll(
    { kind: 'http', url: `${origin}/orders`, maxBackoff: '30s' },
    { signal: controller.signal, onRetry: () => controller.abort(reason) },
  );
  await assert.rejects(reading, (err) => err === reason);
  assert.equal(requests.length, 1);
});

test('cancellation aborts a request in flight; the abort reason comes through unchanged', async () => {
  route = () => undefined; // never answers
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  await assert.rejects(
    readAll({ kind: 'http', url: `${origin}/orders`, requestTimeout: '10s' }, { signal: controller.signal }),
    (err: Error) => err === controller.signal.reason && err.name === 'AbortError',
  );
  assert.ok(Date.now() - started < 2000);
  assert.equal(requests.length, 1);
});

// --- terminal answers ------------------------------------------------------------------------------

test('404 is terminal at once, naming the URL and the answer', async () => {
  route = (_req, res) => json(res, 404, { error: 'no such endpoint' });
  const err = await failure(readAll({ kind: 'http', url: `${origin}/nope`, ...fast }), HttpSourceError);
  assert.ok(err instanceof MalformedSourceError);
  assert.equal(err.message, `GET ${origin}/nope answered 404 Not Found: {"error":"no such endpoint"}`);
  assert.equal(requests.length, 1);
});

test('an HTML page instead of JSON is terminal', async () => {
  route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html>\n<html><title>Sign in</title></html>');
  };
  const err = await failure(readAll({ kind: 'http', url: `${origin}/orders`, ...fast }), HttpSourceError);
  assert.equal(
    err.message,
    `GET ${origin}/orders answered an HTML page, not JSON (content-type text/html): <!DOCTYPE html> <html><title>Sign in</title></html>`,
  );
});

test('another content type (CSV) is terminal', async () => {
  route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end('id\n1\n');
  };
  const err = await failure(readAll({ kind: 'http', url: `${origin}/orders` }), HttpSourceError);
  assert.match(err.message, /answered content-type text\/csv, not JSON: id 1/);
});

test('truncated or invalid JSON is terminal', async () => {
  route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"items": [{"id": 1}, {"id"');
  };
  const err = await failure(readAll({ kind: 'http', url: `${origin}/orders`, ...fast }), HttpSourceError);
  assert.match(
    err.message,
    new RegExp(`^GET ${origin}/orders answered invalid JSON \\(27 bytes, truncated or malformed\\)`),
  );
  assert.equal(requests.length, 1);
});

test('records that are not objects, or a recordsPath that is not an array, are terminal', async () => {
  route = (_req, res) => json(res, 200, { items: [{ id: 1 }, 'two'] });
  const notObject = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, recordsPath: 'items' }),
    HttpSourceError,
  );
  assert.equal(notObject.message, `GET ${origin}/orders: record 1 in "items" is a string, not an object`);
  const wrongPath = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, recordsPath: 'data.items' }),
    HttpSourceError,
  );
  assert.equal(wrongPath.message, `GET ${origin}/orders: "data.items" is missing, not an array of records`);
});

test('a body over maxResponseBytes is cut off mid-stream and terminal', async () => {
  const big = JSON.stringify(Array.from({ length: 500 }, (_, id) => ({ id, pad: 'x'.repeat(20) })));
  route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length to trust
    for (let i = 0; i < big.length; i += 1000) res.write(big.slice(i, i + 1000));
    res.end();
  };
  const streamed = await failure(
    readAll({ kind: 'http', url: `${origin}/big`, maxResponseBytes: 4096 }),
    HttpSourceError,
  );
  assert.equal(streamed.message, `GET ${origin}/big sent more than source.maxResponseBytes (4096 bytes)`);
  route = (_req, res) => json(res, 200, JSON.parse(big), { 'content-length': Buffer.byteLength(big) });
  const declared = await failure(
    readAll({ kind: 'http', url: `${origin}/big`, maxResponseBytes: 4096 }),
    HttpSourceError,
  );
  assert.equal(
    declared.message,
    `GET ${origin}/big announced ${Buffer.byteLength(big)} bytes, more than source.maxResponseBytes (4096)`,
  );
  route = (_req, res) => json(res, 200, JSON.parse(big));
  const fits = await readAll({
    kind: 'http',
    url: `${origin}/big`,
    maxResponseBytes: Buffer.byteLength(big),
  });
  assert.equal(fits[0]?.rows.length, 500);
});

// --- hosts ---------------------------------------------------------------------------------------------

test('a next link, Link header or redirect to another host is refused and never requested', async () => {
  const foreign = `http://localhost:${port}/steal`;
  route = (_req, res, url) =>
    url.pathname === '/steal' ? json(res, 200, []) : json(res, 200, { data: [{ id: 1 }], next: foreign });
  const nextUrl = await failure(
    readAll({
      kind: 'http',
      url: `${origin}/orders`,
      recordsPath: 'data',
      pagination: { style: 'next-url', nextUrlPath: 'next' },
    }),
    HttpSourceError,
  );
  assert.equal(
    nextUrl.message,
    `refused the next page link (from "next") to ${foreign}: host localhost:${port} is not in source.allowedHosts (127.0.0.1:${port})`,
  );

  route = (_req, res) => json(res, 200, [{ id: 1 }], { link: `<${foreign}>; rel="next"` });
  const link = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, pagination: { style: 'link-header' } }),
    HttpSourceError,
  );
  assert.match(link.message, /^refused the next page link \(from its Link header\) to http:\/\/localhost:/);

  route = (_req, res) => {
    res.writeHead(302, { location: foreign });
    res.end();
  };
  const redirect = await failure(readAll({ kind: 'http', url: `${origin}/orders` }), HttpSourceError);
  assert.match(redirect.message, /^refused a redirect to http:\/\/localhost:\d+\/steal: host localhost/);
  assert.equal(
    requests.filter((r) => r.url.pathname === '/steal').length,
    0,
    'the foreign host was never asked',
  );

  // Listed, the same host is followed.
  route = (_req, res, url) =>
    url.pathname === '/steal'
      ? json(res, 200, { data: [] })
      : json(res, 200, { data: [{ id: 1 }], next: foreign });
  const allowed = await readAll({
    kind: 'http',
    url: `${origin}/orders`,
    recordsPath: 'data',
    allowedHosts: ['127.0.0.1', 'localhost'],
    pagination: { style: 'next-url', nextUrlPath: 'next' },
  });
  assert.deepEqual(ids(allowed), [[1], []]);
});

test('an API that ignores the page parameter or links in a circle is stopped, not read forever', async () => {
  route = (_req, res) => json(res, 200, [{ id: 1 }, { id: 2 }]);
  const repeated = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, pagination: { style: 'page' } }),
    HttpSourceError,
  );
  assert.match(
    repeated.message,
    /page 2 repeats the page before it exactly; the API seems to ignore the page parameter/,
  );
  assert.equal(requests.length, 2);

  route = (_req, res, url) =>
    json(res, 200, { items: [{ id: url.search }], next: url.searchParams.get('after') === 'b' ? 'a' : 'b' });
  const circle = await failure(
    readAll({
      kind: 'http',
      url: `${origin}/orders`,
      recordsPath: 'items',
      pagination: { style: 'cursor', cursorParam: 'after', nextCursorPath: 'next' },
    }),
    HttpSourceError,
  );
  assert.match(circle.message, /page 3 points back to a page already read \(\{"token":"b"\}\)/);

  route = pageRoute;
  const pages: HttpPage[] = [];
  const capped = await failure(
    (async () => {
      for await (const page of httpPages(
        { ...pageSpec, url: `${origin}/orders`, maxPages: 2 },
        { params: {}, env: {} },
      ))
        pages.push(page);
    })(),
    HttpSourceError,
  );
  assert.equal(capped.message, 'the source has more than source.maxPages (2) pages');
  assert.deepEqual(ids(pages), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
});

// --- secrets -----------------------------------------------------------------------------------------

const SECRET = 'tok_9f8e7d6c5b4a';

function assertNoSecret(err: Error) {
  for (const text of [err.message, err.stack ?? '', String(err), JSON.stringify({ ...err })])
    assert.ok(!text.includes(SECRET), `secret leaked into: ${text}`);
}

test('a missing secret variable is terminal, names the variable, and nothing is requested', async () => {
  const err = await failure(
    readAll(
      { kind: 'http', url: `${origin}/orders`, auth: { kind: 'bearer', tokenEnv: 'ORDERS_API_TOKEN' } },
      {
        env: { OTHER: SECRET },
      },
    ),
    HttpSourceError,
  );
  assert.equal(
    err.message,
    "source.auth.tokenEnv names ORDERS_API_TOKEN, which is not set in the worker's environment",
  );
  assert.match(err.action, /Set ORDERS_API_TOKEN where the workers run/);
  assert.equal(requests.length, 0);
});

test('credentials come from the environment and never appear in an error, even when the API echoes them', async () => {
  const env = { ORDERS_API_TOKEN: SECRET };
  route = (req, res) => json(res, 401, { error: `bad token ${req.headers.authorization}` });
  const bearer = await failure(
    readAll(
      { kind: 'http', url: `${origin}/orders`, auth: { kind: 'bearer', tokenEnv: 'ORDERS_API_TOKEN' } },
      { env },
    ),
    HttpSourceError,
  );
  assert.equal(requests[0]?.headers.authorization, `Bearer ${SECRET}`);
  assert.equal(
    bearer.message,
    `GET ${origin}/orders answered 401 Unauthorized: {"error":"bad token Bearer ***"}`,
  );
  assert.match(bearer.action, /refused the credentials: check ORDERS_API_TOKEN/);
  assertNoSecret(bearer);

  requests = [];
  route = (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<html>key ${req.headers['x-api-key']} is invalid</html>`);
  };
  const header = await failure(
    readAll(
      {
        kind: 'http',
        url: `${origin}/orders`,
        auth: { kind: 'api-key', header: 'X-API-Key', keyEnv: 'ORDERS_API_TOKEN' },
      },
      { env },
    ),
    HttpSourceError,
  );
  assert.equal(requests[0]?.headers['x-api-key'], SECRET);
  assert.match(header.message, /<html>key \*\*\* is invalid<\/html>/);
  assertNoSecret(header);

  requests = [];
  const events: HttpRetryEvent[] = [];
  route = (_req, res, url) => json(res, 503, { echo: url.href });
  const query = await failure(
    readAll(
      {
        kind: 'http',
        url: `${origin}/orders`,
        auth: { kind: 'api-key', query: 'api_key', keyEnv: 'ORDERS_API_TOKEN' },
        maxAttempts: 2,
        ...fast,
      },
      { env, onRetry: (e) => events.push(e) },
    ),
    HttpRetryableError,
  );
  assert.equal(requests[0]?.url.searchParams.get('api_key'), SECRET);
  assert.match(query.message, /\?api_key=\*\*\*/);
  assertNoSecret(query);
  for (const event of events) assert.ok(!JSON.stringify(event).includes(SECRET));
});

test('an API key sent as a query parameter stays out of cursors and page URLs', async () => {
  route = (_req, res, url) => {
    const page = Number(url.searchParams.get('p') ?? '1');
    const next = page < 2 ? `${origin}/orders?p=2&api_key=${url.searchParams.get('api_key')}` : null;
    json(res, 200, { data: [{ id: page }], next });
  };
  const pages = await readAll(
    {
      kind: 'http',
      url: `${origin}/orders`,
      recordsPath: 'data',
      auth: { kind: 'api-key', query: 'api_key', keyEnv: 'KEY' },
      pagination: { style: 'next-url', nextUrlPath: 'next' },
    },
    { env: { KEY: SECRET } },
  );
  assert.deepEqual(ids(pages), [[1], [2]]);
  assert.deepEqual(pages[0]?.cursor, { pages: 1, next: { url: `${origin}/orders?p=2` } });
  assert.deepEqual(query('api_key'), [SECRET, SECRET]);
  assert.ok(!JSON.stringify(pages).includes(SECRET));
});

test('basic auth is built from two variables', async () => {
  route = (_req, res) => json(res, 200, []);
  await readAll(
    { kind: 'http', url: `${origin}/orders`, auth: { kind: 'basic', usernameEnv: 'U', passwordEnv: 'P' } },
    { env: { U: 'reader', P: SECRET } },
  );
  assert.equal(
    requests[0]?.headers.authorization,
    `Basic ${Buffer.from(`reader:${SECRET}`).toString('base64')}`,
  );
});
