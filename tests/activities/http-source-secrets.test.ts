// The HTTP JSON source's credentials against a real local HTTP server: from the environment, never in errors or cursors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpRetryableError } from '../../activities/fetch/http/http-retryable-error';
import { HttpSourceError } from '../../activities/fetch/http/http-source-error';
import type { HttpRetryEvent } from '../../activities/fetch/http/request-settings';
import {
  failure,
  fast,
  ids,
  json,
  origin,
  readAll,
  serveRecordedRoutes,
  served,
} from './http-source-fixtures';

serveRecordedRoutes();

const query = (name: string) => served.requests.map((r) => r.url.searchParams.get(name));

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
  assert.equal(served.requests.length, 0);
});

test('credentials come from the environment and never appear in an error, even when the API echoes them', async () => {
  const env = { ORDERS_API_TOKEN: SECRET };
  served.route = (req, res) => json(res, 401, { error: `bad token ${req.headers.authorization}` });
  const bearer = await failure(
    readAll(
      { kind: 'http', url: `${origin}/orders`, auth: { kind: 'bearer', tokenEnv: 'ORDERS_API_TOKEN' } },
      { env },
    ),
    HttpSourceError,
  );
  assert.equal(served.requests[0]?.headers.authorization, `Bearer ${SECRET}`);
  assert.equal(
    bearer.message,
    `GET ${origin}/orders answered 401 Unauthorized: {"error":"bad token Bearer ***"}`,
  );
  assert.match(bearer.action, /refused the credentials: check ORDERS_API_TOKEN/);
  assertNoSecret(bearer);

  served.requests = [];
  served.route = (req, res) => {
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
  assert.equal(served.requests[0]?.headers['x-api-key'], SECRET);
  assert.match(header.message, /<html>key \*\*\* is invalid<\/html>/);
  assertNoSecret(header);

  served.requests = [];
  const events: HttpRetryEvent[] = [];
  served.route = (_req, res, url) => json(res, 503, { echo: url.href });
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
  assert.equal(served.requests[0]?.url.searchParams.get('api_key'), SECRET);
  assert.match(query.message, /\?api_key=\*\*\*/);
  assertNoSecret(query);
  for (const event of events) assert.ok(!JSON.stringify(event).includes(SECRET));
});

test('an API key sent as a query parameter stays out of cursors and page URLs', async () => {
  served.route = (_req, res, url) => {
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
  served.route = (_req, res) => json(res, 200, []);
  await readAll(
    { kind: 'http', url: `${origin}/orders`, auth: { kind: 'basic', usernameEnv: 'U', passwordEnv: 'P' } },
    { env: { U: 'reader', P: SECRET } },
  );
  assert.equal(
    served.requests[0]?.headers.authorization,
    `Basic ${Buffer.from(`reader:${SECRET}`).toString('base64')}`,
  );
});
