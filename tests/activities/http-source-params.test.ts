// The HTTP JSON source's templated params (partition, params, watermark) against a real local HTTP server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HttpSourceError } from '../../activities/fetch/http/http-source-error';
import type { HttpSource } from '../../core/fetch/source-spec';
import { failure, json, origin, readAll, serveRecordedRoutes, served } from './http-source-fixtures';

serveRecordedRoutes();

test('params are templated with partition, params and watermark and reach the server', async () => {
  served.route = (_req, res) => json(res, 200, []);
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
  assert.equal(served.requests[0]?.url.pathname, '/regions/eu%20west/orders');
  assert.deepEqual(Object.fromEntries(served.requests[0]?.url.searchParams ?? []), {
    fixed: '1',
    updated_since: '2024-04-30T10:00:00Z',
    day: '2024-05-01',
    region: 'eu west',
    note: 'day 2024-05-01',
  });

  served.requests = [];
  await readAll(spec, { partition: '2024-05-01', params: { region: 'eu' } });
  assert.equal(
    served.requests[0]?.url.searchParams.has('updated_since'),
    false,
    'no watermark yet: left out',
  );
  assert.equal(served.requests[0]?.url.searchParams.get('day'), '2024-05-01');
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
  assert.equal(served.requests.length, 0);
});
