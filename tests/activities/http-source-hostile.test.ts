// Hostile HTTP sources on a real local server: endless paging, cursors without progress, other ports, private addresses.
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { HTTP_DEFAULTS, httpSettings } from '../../activities/fetch/http/http-settings';
import { HttpSourceError } from '../../activities/fetch/http/http-source-error';
import { isPrivateAddress } from '../../activities/fetch/http/private-network-guard';
import type { HttpSource } from '../../core/fetch/source-spec';
import { useTestDatabase } from '../support/test-database';
import { fetchFailure, fetchSource, stepInput, where } from './hostile-source-fixtures';
import {
  failure,
  ids,
  json,
  origin,
  port,
  readAll,
  serveRecordedRoutes,
  served,
} from './http-source-fixtures';

serveRecordedRoutes();
const db = useTestDatabase();

/** A second server on another port of the same host: it answers every request with one record. */
let otherPort: number;
let other: http.Server;
before(async () => {
  other = http.createServer((_req, res) => json(res, 200, { items: [{ id: 'other' }] }));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherPort = (other.address() as AddressInfo).port;
});
after(async () => {
  other.closeAllConnections();
  await new Promise((resolve) => other.close(resolve));
});

/** Fresh cursors forever, each page with new records: only maxPages can stop it. */
const endlessRoute = (_req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
  const n = Number(url.searchParams.get('after') ?? '0');
  json(res, 200, { items: [{ id: n }], next: String(n + 1) });
};
const endlessSpec = () =>
  ({
    kind: 'http',
    url: `${origin}/orders`,
    recordsPath: 'items',
    pagination: { style: 'cursor', cursorParam: 'after', nextCursorPath: 'next' },
  }) as const;

test('paging is never unlimited: 10,000 pages by default, source.maxPages overrides, hitting it is terminal', async () => {
  assert.equal(HTTP_DEFAULTS.maxPages, 10_000);
  assert.equal(httpSettings(endlessSpec()).maxPages, 10_000);
  served.route = endlessRoute;
  const input = stepInput();
  const { terminal, type, message } = await fetchFailure(
    fetchSource(db.pool, { ...endlessSpec(), maxPages: 3 }, input),
  );
  assert.equal(terminal, true);
  assert.equal(type, 'SluiceBadInput');
  assert.equal(
    message,
    `${where(input)}the source has more than source.maxPages (3) pages; page 4 would be GET ${origin}/orders?after=3. ` +
      'If that many pages are expected, raise source.maxPages; if not, the API pages without end: check source.pagination. Then start a new run',
  );
  assert.equal(served.requests.length, 3, 'the page past the limit is never requested');
});

test('a cursor or next link that makes no progress is stopped after the first repeat', async () => {
  // A fresh token every time, but always the same records.
  served.route = (_req, res, url) =>
    json(res, 200, { items: [{ id: 1 }], next: `t${url.searchParams.get('after') ?? ''}x` });
  const cursor = await failure(readAll(endlessSpec()), HttpSourceError);
  assert.match(cursor.message, /page 2 repeats the page before it exactly; its cursor makes no progress$/);
  assert.equal(served.requests.length, 2);

  // A next link to itself.
  served.route = (_req, res) => json(res, 200, { items: [{ id: 1 }], next: `${origin}/orders` });
  const link = await failure(
    readAll({
      kind: 'http',
      url: `${origin}/orders`,
      recordsPath: 'items',
      pagination: { style: 'next-url', nextUrlPath: 'next' },
    }),
    HttpSourceError,
  );
  assert.match(link.message, /page 2 points back to a page already read/);
});

test('the allow list compares host and port: the same host on another port is refused unless listed', async () => {
  const elsewhere = `http://127.0.0.1:${otherPort}/orders`;
  served.route = (_req, res) => json(res, 200, { items: [{ id: 1 }], next: elsewhere });
  const spec = {
    kind: 'http',
    url: `${origin}/orders`,
    recordsPath: 'items',
    pagination: { style: 'next-url', nextUrlPath: 'next' },
  } as const;
  const refused = await failure(readAll(spec), HttpSourceError);
  assert.equal(
    refused.message,
    `refused the next page link (from "next") to ${elsewhere}: host 127.0.0.1:${otherPort} is not in source.allowedHosts (127.0.0.1:${port})`,
  );
  // A bare host name allows the scheme's default port only, not every port.
  const bare = await failure(readAll({ ...spec, allowedHosts: ['127.0.0.1'] }), HttpSourceError);
  assert.equal(
    bare.message,
    `refused source.url ${origin}/orders: host 127.0.0.1:${port} is not in source.allowedHosts (127.0.0.1)`,
  );

  const listed = await readAll({ ...spec, allowedHosts: [`127.0.0.1:${port}`, `127.0.0.1:${otherPort}`] });
  assert.deepEqual(ids(listed).slice(0, 2), [[1], ['other']]);
});

test('a redirect or DNS answer may not lead to a private address the source does not name', async (t) => {
  // The machine's own name: on this kind of machine it resolves to a loopback or private address.
  const name = os.hostname().toLowerCase();
  const answers = await lookup(name, { all: true }).catch(() => []);
  if (!answers.some((a) => isPrivateAddress(a.address)))
    return t.skip(`${name} does not resolve to a private address here`);
  const target = `http://${name}:${port}/inside`;
  served.route = (_req, res, url) => {
    if (url.pathname === '/inside') return json(res, 200, [{ id: 'inside' }]);
    res.writeHead(302, { location: target }).end();
  };
  const spec: HttpSource = {
    kind: 'http',
    url: `${origin}/orders`,
    allowedHosts: [`127.0.0.1:${port}`, `${name}:${port}`],
  };
  const input = stepInput();
  const refused = await fetchFailure(fetchSource(db.pool, spec, input));
  assert.equal(refused.terminal, true);
  assert.match(
    refused.message,
    new RegExp(
      `^${escape(where(input))}refused a redirect to ${escape(target)}: ${escape(name)} resolves to [0-9a-f.:]+, which is a loopback, private or link-local address the source does not name\\. If the source really lives on a private network, set source.allowPrivateNetwork: true`,
    ),
  );
  assert.equal(served.requests.filter((r) => r.url.pathname === '/inside').length, 0, 'never requested');

  // Allowed by the source, the same redirect is followed.
  const result = await fetchSource(db.pool, { ...spec, allowPrivateNetwork: true });
  assert.equal(result.rowsOut, 1);
});

test('private addresses: loopback, RFC 1918, link-local, unique local, unspecified and IPv4-mapped', () => {
  for (const inside of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
  ])
    assert.equal(isPrivateAddress(inside), true, inside);
  for (const outside of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '2001:db8::1', 'example.com'])
    assert.equal(isPrivateAddress(outside), false, outside);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
