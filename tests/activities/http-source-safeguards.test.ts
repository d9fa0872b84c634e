// The HTTP JSON source against a real local HTTP server: links to other hosts refused, loops and endless paging stopped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpPages, type HttpPage } from '../../activities/fetch/http/http-pages';
import { HttpSourceError } from '../../activities/fetch/http/http-source-error';
import {
  failure,
  ids,
  json,
  origin,
  pageRoute,
  pageSpec,
  port,
  readAll,
  serveRecordedRoutes,
  served,
} from './http-source-fixtures';

serveRecordedRoutes();

test('a next link, Link header or redirect to another host is refused and never requested', async () => {
  const foreign = `http://localhost:${port}/steal`;
  served.route = (_req, res, url) =>
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

  served.route = (_req, res) => json(res, 200, [{ id: 1 }], { link: `<${foreign}>; rel="next"` });
  const link = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, pagination: { style: 'link-header' } }),
    HttpSourceError,
  );
  assert.match(link.message, /^refused the next page link \(from its Link header\) to http:\/\/localhost:/);

  served.route = (_req, res) => {
    res.writeHead(302, { location: foreign });
    res.end();
  };
  const redirect = await failure(readAll({ kind: 'http', url: `${origin}/orders` }), HttpSourceError);
  assert.match(redirect.message, /^refused a redirect to http:\/\/localhost:\d+\/steal: host localhost/);
  assert.equal(
    served.requests.filter((r) => r.url.pathname === '/steal').length,
    0,
    'the foreign host was never asked',
  );

  // Listed, the same host is followed.
  served.route = (_req, res, url) =>
    url.pathname === '/steal'
      ? json(res, 200, { data: [] })
      : json(res, 200, { data: [{ id: 1 }], next: foreign });
  const allowed = await readAll({
    kind: 'http',
    url: `${origin}/orders`,
    recordsPath: 'data',
    allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`],
    pagination: { style: 'next-url', nextUrlPath: 'next' },
  });
  assert.deepEqual(ids(allowed), [[1], []]);
});

test('an API that ignores the page parameter or links in a circle is stopped, not read forever', async () => {
  served.route = (_req, res) => json(res, 200, [{ id: 1 }, { id: 2 }]);
  const repeated = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, pagination: { style: 'page' } }),
    HttpSourceError,
  );
  assert.match(
    repeated.message,
    /page 2 repeats the page before it exactly; the API seems to ignore the page parameter/,
  );
  assert.equal(served.requests.length, 2);

  served.route = (_req, res, url) =>
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

  served.route = pageRoute;
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
  assert.equal(
    capped.message,
    `the source has more than source.maxPages (2) pages; page 3 would be GET ${origin}/orders?page=3&per_page=3`,
  );
  assert.deepEqual(ids(pages), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
});
