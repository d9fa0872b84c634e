// The HTTP JSON source's pagination styles against a real local HTTP server, and resuming from any page's cursor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpSourceError } from '../../activities/fetch/http/http-source-error';
import type { HttpSource } from '../../core/fetch/source-spec';
import {
  ALL,
  cursorRoute,
  cursorSpec,
  failure,
  ids,
  json,
  linkRoute,
  nextUrlRoute,
  origin,
  pageRoute,
  pageSpec,
  readAll,
  serveRecordedRoutes,
  served,
  type Route,
} from './http-source-fixtures';

serveRecordedRoutes();

const query = (name: string) => served.requests.map((r) => r.url.searchParams.get(name));

// --- pagination styles -----------------------------------------------------------------------------

test('page numbers: pages until an empty one, each exactly once', async () => {
  served.route = pageRoute;
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
  served.route = pageRoute;
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
  served.route = (_req, res, url) => {
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
  served.requests = [];
  const counted = await readAll({ ...spec, pagination: { ...pagination, totalPath: 'total' } });
  assert.deepEqual(ids(counted), [[1, 2], [3, 4], [5, 6], [7]]);
  assert.deepEqual(query('skip'), ['0', '2', '4', '6']);
});

test('cursor token: read from the body, sent as a param, until there is none', async () => {
  served.route = cursorRoute;
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

test('a cursor token that is a number too large for a double is sent exactly (found by fuzzing)', async () => {
  served.route = (_req, res, url) => {
    const after = url.searchParams.get('after');
    // Raw text: JSON.stringify would round the 64-bit id the API sends.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      after
        ? '{"items": [{"id": 2}], "paging": {"next": null}}'
        : '{"items": [{"id": 1}], "paging": {"next": 18446744073709551615}}',
    );
  };
  const pages = await readAll(cursorSpec());
  assert.deepEqual(ids(pages), [[1], [2]]);
  assert.deepEqual(query('after'), [null, '18446744073709551615']);
});

test('a record that is a number too large for a double is not an object (found by fuzzing)', async () => {
  served.route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"items": [12345678901234567890123], "paging": {"next": null}}');
  };
  const err = await failure(readAll(cursorSpec()), HttpSourceError);
  assert.match(err.message, /: record 0 in "items" is a number, not an object$/);
});

test('Link header: follows rel="next" (relative or absolute) until there is none', async () => {
  served.route = linkRoute;
  const pages = await readAll({
    kind: 'http',
    url: `${origin}/orders`,
    pagination: { style: 'link-header' },
  });
  assert.deepEqual(ids(pages), [[1, 2, 3], [4, 5, 6], [7]]);
  assert.deepEqual(
    served.requests.map((r) => r.url.search),
    ['', '?p=2&sort=id', '?p=3&sort=id'],
  );
  assert.deepEqual(pages[0]?.cursor, { pages: 1, next: { url: `${origin}/orders?p=2&sort=id` } });
  assert.equal(pages[2]?.cursor.next, null);
});

test('next URL from a body field: followed until it is null', async () => {
  served.route = nextUrlRoute;
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
  served.route = (_req, res) => json(res, 200, ALL.slice(0, 2));
  const pages = await readAll({ kind: 'http', url: `${origin}/orders` });
  assert.deepEqual(ids(pages), [[1, 2]]);
  assert.deepEqual(pages[0]?.cursor, { pages: 1, next: null });
  assert.equal(served.requests.length, 1);
  assert.equal(served.requests[0]?.headers.accept, 'application/json');
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
    served.route = styleRoute;
    const full = await readAll(spec());
    assert.ok(full.length >= 3, style);
    assert.deepEqual(ids(full).flat(), [1, 2, 3, 4, 5, 6, 7], style);
    for (let k = 0; k < full.length; k += 1) {
      // A cursor survives a heartbeat: it goes through JSON like Temporal's payload converter does.
      const resumeFrom = JSON.parse(JSON.stringify(full[k]?.cursor));
      served.requests = [];
      const rest = await readAll(spec(), { resumeFrom });
      assert.deepEqual(rest, full.slice(k + 1), `${style} resumed after page ${k + 1}`);
      assert.equal(
        served.requests.length,
        full.length - k - 1,
        `${style}: served.requests after page ${k + 1}`,
      );
    }
  }
});

test('a cursor from another pagination style is refused as terminal', async () => {
  served.route = pageRoute;
  const err = await failure(
    readAll({ ...pageSpec, url: `${origin}/orders` }, { resumeFrom: { pages: 2, next: { token: 'abc' } } }),
    HttpSourceError,
  );
  assert.match(err.message, /cannot resume from cursor .* does not fit pagination style "page"/);
  assert.equal(served.requests.length, 0);
});
