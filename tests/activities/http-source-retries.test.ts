// The HTTP JSON source's retries, backoff, timeouts and cancellation against a real local HTTP server.
import assert from 'node:assert/strict';
import type http from 'node:http';
import { test } from 'node:test';
import { HttpRetryableError } from '../../activities/fetch/http/http-retryable-error';
import type { HttpRetryEvent } from '../../activities/fetch/http/request-settings';
import { MalformedSourceError } from '../../activities/fetch/malformed-source-error';
import {
  failure,
  fast,
  ids,
  json,
  origin,
  readAll,
  serveRecordedRoutes,
  served,
  type Route,
} from './http-source-fixtures';

serveRecordedRoutes();

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
  served.route = flaky([
    (res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '0' }),
    (res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '1' }),
  ]);
  const started = Date.now();
  const pages = await readAll(
    { kind: 'http', url: `${origin}/orders`, maxBackoff: '2s' },
    { onRetry: (e) => events.push(e) },
  );
  assert.deepEqual(ids(pages), [[1]]);
  assert.equal(served.requests.length, 3);
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
  served.route = (_req, res) => json(res, 429, {}, { 'retry-after': '120' });
  const err = await failure(readAll({ kind: 'http', url: `${origin}/orders`, ...fast }), HttpRetryableError);
  assert.equal(err.retryAfterMs, 120_000);
  assert.ok(!(err instanceof MalformedSourceError));
  assert.match(
    err.message,
    /asked to wait 120000 ms \(Retry-After\), longer than source\.maxBackoff \(5 ms\)/,
  );
  assert.equal(served.requests.length, 1);
});

test('5xx then success: retried inside the source', async () => {
  served.route = flaky([(res) => json(res, 503, {}), (res) => json(res, 502, {})]);
  const pages = await readAll({ kind: 'http', url: `${origin}/orders`, ...fast });
  assert.deepEqual(ids(pages), [[1]]);
  assert.equal(served.requests.length, 3);
});

test('persistent 5xx: a plain retryable error after maxAttempts requests', async () => {
  served.route = (_req, res) => json(res, 500, { error: 'boom' });
  const err = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, maxAttempts: 3, ...fast }),
    HttpRetryableError,
  );
  assert.ok(!(err instanceof MalformedSourceError));
  assert.equal(
    err.message,
    `GET ${origin}/orders answered 500 Internal Server Error: {"error":"boom"} (attempt 3 of 3)`,
  );
  assert.equal(served.requests.length, 3);
});

test('a request that hangs past requestTimeout is retried', async () => {
  served.route = flaky([() => undefined]); // the first request never gets an answer
  const events: HttpRetryEvent[] = [];
  const pages = await readAll(
    { kind: 'http', url: `${origin}/orders`, requestTimeout: '150ms', maxBackoff: '5ms' },
    { onRetry: (e) => events.push(e) },
  );
  assert.deepEqual(ids(pages), [[1]]);
  assert.match(events[0]?.problem ?? '', /no answer within 150 ms \(source\.requestTimeout\)/);
});

test('a body cut off by the connection is a network error: retried', async () => {
  served.route = flaky([
    (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('[{"id":1},');
      setTimeout(() => res.destroy(), 5);
    },
  ]);
  const pages = await readAll({ kind: 'http', url: `${origin}/orders`, ...fast });
  assert.deepEqual(ids(pages), [[1]]);
  assert.equal(served.requests.length, 2);
});

/** A 200 framed by nothing but the connection's end (as HTTP/1.0 allows), its body cut off after `body`. */
function unframed(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
  res.detachSocket(req.socket);
  req.socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${body}`);
}

test('a body without framing cut off inside its JSON is retried in place, not taken as malformed', async () => {
  let cuts = 1;
  served.route = (req, res) => {
    if (cuts-- > 0) unframed(req, res, '{"items": [{"id": 1}, {"id"');
    else json(res, 200, { items: [{ id: 1 }, { id: 2 }] });
  };
  const events: HttpRetryEvent[] = [];
  const pages = await readAll(
    { kind: 'http', url: `${origin}/orders`, recordsPath: 'items', ...fast },
    { onRetry: (e) => events.push(e) },
  );
  assert.deepEqual(ids(pages), [[1, 2]]);
  assert.equal(served.requests.length, 2);
  assert.match(
    events[0]?.problem ?? '',
    /answered 27 bytes that end inside their JSON.*the connection was cut/,
  );
});

test('a body without framing cut off on every attempt ends as a plain retryable error', async () => {
  served.route = (req, res) => unframed(req, res, '[{"id": 1}');
  const err = await failure(
    readAll({ kind: 'http', url: `${origin}/orders`, ...fast, maxAttempts: 2 }),
    HttpRetryableError,
  );
  assert.ok(!(err instanceof MalformedSourceError));
  assert.match(err.message, /end inside their JSON.*\(attempt 2 of 2\)/);
});

test('cancellation aborts a backoff wait and rethrows the signal reason', async () => {
  served.route = (_req, res) => json(res, 503, {});
  const controller = new AbortController();
  const reason = new Error('activity cancelled');
  const reading = readAll(
    { kind: 'http', url: `${origin}/orders`, maxBackoff: '30s' },
    { signal: controller.signal, onRetry: () => controller.abort(reason) },
  );
  await assert.rejects(reading, (err) => err === reason);
  assert.equal(served.requests.length, 1);
});

test('cancellation aborts a request in flight; the abort reason comes through unchanged', async () => {
  served.route = () => undefined; // never answers
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const started = Date.now();
  await assert.rejects(
    readAll({ kind: 'http', url: `${origin}/orders`, requestTimeout: '10s' }, { signal: controller.signal }),
    (err: Error) => err === controller.signal.reason && err.name === 'AbortError',
  );
  assert.ok(Date.now() - started < 2000);
  assert.equal(served.requests.length, 1);
});
