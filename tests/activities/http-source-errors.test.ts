// The HTTP JSON source against a real local HTTP server: answers that fail the read for good (status, content, size).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpSourceError } from '../../activities/fetch/http/http-source-error';
import { MalformedSourceError } from '../../activities/fetch/malformed-source-error';
import { failure, fast, json, origin, readAll, serveRecordedRoutes, served } from './http-source-fixtures';

serveRecordedRoutes();

test('404 is terminal at once, naming the URL and the answer', async () => {
  served.route = (_req, res) => json(res, 404, { error: 'no such endpoint' });
  const err = await failure(readAll({ kind: 'http', url: `${origin}/nope`, ...fast }), HttpSourceError);
  assert.ok(err instanceof MalformedSourceError);
  assert.equal(err.message, `GET ${origin}/nope answered 404 Not Found: {"error":"no such endpoint"}`);
  assert.equal(served.requests.length, 1);
});

test('a redirect to something that is not a URL is terminal at once, not retried as a network error', async () => {
  // Found by fuzzing: new URL threw a TypeError that the request took for a transient failure.
  served.route = (_req, res) => res.writeHead(302, { location: 'http://[::1' }).end();
  const err = await failure(readAll({ kind: 'http', url: `${origin}/moved`, ...fast }), HttpSourceError);
  assert.equal(err.message, `GET ${origin}/moved redirected to "http://[::1", which is not a URL`);
  assert.equal(served.requests.length, 1);
});

test('an HTML page instead of JSON is terminal', async () => {
  served.route = (_req, res) => {
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
  served.route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end('id\n1\n');
  };
  const err = await failure(readAll({ kind: 'http', url: `${origin}/orders` }), HttpSourceError);
  assert.match(err.message, /answered content-type text\/csv, not JSON: id 1/);
});

test('truncated or invalid JSON is terminal', async () => {
  served.route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"items": [{"id": 1}, {"id"');
  };
  const err = await failure(readAll({ kind: 'http', url: `${origin}/orders`, ...fast }), HttpSourceError);
  assert.match(
    err.message,
    new RegExp(`^GET ${origin}/orders answered invalid JSON \\(27 bytes, truncated or malformed\\)`),
  );
  assert.equal(served.requests.length, 1);
});

test('records that are not objects, or a recordsPath that is not an array, are terminal', async () => {
  served.route = (_req, res) => json(res, 200, { items: [{ id: 1 }, 'two'] });
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
  served.route = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length to trust
    for (let i = 0; i < big.length; i += 1000) res.write(big.slice(i, i + 1000));
    res.end();
  };
  const streamed = await failure(
    readAll({ kind: 'http', url: `${origin}/big`, maxResponseBytes: 4096 }),
    HttpSourceError,
  );
  assert.equal(streamed.message, `GET ${origin}/big sent more than source.maxResponseBytes (4096 bytes)`);
  served.route = (_req, res) => json(res, 200, JSON.parse(big), { 'content-length': Buffer.byteLength(big) });
  const declared = await failure(
    readAll({ kind: 'http', url: `${origin}/big`, maxResponseBytes: 4096 }),
    HttpSourceError,
  );
  assert.equal(
    declared.message,
    `GET ${origin}/big announced ${Buffer.byteLength(big)} bytes, more than source.maxResponseBytes (4096)`,
  );
  served.route = (_req, res) => json(res, 200, JSON.parse(big));
  const fits = await readAll({
    kind: 'http',
    url: `${origin}/big`,
    maxResponseBytes: Buffer.byteLength(big),
  });
  assert.equal(fits[0]?.rows.length, 500);
});
