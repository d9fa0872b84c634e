// The HTTP source's definition-time checks, and the small parsers it leans on (Link, Retry-After).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextLink } from '../../activities/fetch/http/link-header';
import { retryAfterMs } from '../../activities/fetch/http/retry-after';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { DefinitionError } from '../../core/pipeline/definition-error';
import { sourceProblems } from '../../core/fetch/source-problems';
import type { HttpSource } from '../../core/fetch/source-spec';

const good: HttpSource = {
  kind: 'http',
  url: 'https://api.example.com/v1/{{params.region}}/orders',
  recordsPath: 'data.items',
  params: { updated_since: '{{watermark}}', day: '{{partition}}' },
  headers: { 'X-Client': 'sluice' },
  auth: { kind: 'bearer', tokenEnv: 'ORDERS_API_TOKEN' },
  pagination: { style: 'cursor', cursorParam: 'after', nextCursorPath: 'paging.next' },
  allowedHosts: ['api.example.com', '*.cdn.example.com', 'files.example.com:8443'],
  requestTimeout: '20s',
  maxAttempts: 4,
  maxBackoff: '10s',
  maxResponseBytes: 10_000_000,
};

test('a complete http source has no problems', () => {
  assert.deepEqual(sourceProblems(good), []);
  for (const pagination of [
    { style: 'none' },
    {
      style: 'page',
      pageParam: 'p',
      firstPage: 0,
      sizeParam: 'size',
      pageSize: 100,
      totalPagesPath: 'meta.pages',
    },
    { style: 'offset', limit: 500, totalPath: 'total' },
    { style: 'link-header' },
    { style: 'next-url', nextUrlPath: 'links.next' },
  ] as const) {
    assert.deepEqual(sourceProblems({ ...good, pagination }), [], pagination.style);
  }
  assert.deepEqual(
    sourceProblems({
      kind: 'http',
      url: 'http://127.0.0.1:8080/x',
      auth: { kind: 'api-key', keyEnv: 'K', query: 'key' },
    }),
    [],
  );
});

test('every problem is listed, each naming its field', () => {
  const bad = {
    kind: 'http',
    url: 'https://{{params.host}}.example.com/orders?since={{since}}',
    recordsPath: 'data..items',
    params: { day: '{{ today }}', page: '1' },
    headers: { Authorization: 'Bearer abc', 'bad header': 'x' },
    auth: { kind: 'api-key', keyEnv: 'sk-live-123', header: 'X-Key', query: 'key' },
    pagination: { style: 'page', sizeParam: 'size' },
    allowedHosts: ['https://api.example.com/'],
    requestTimeout: 'soon',
    maxAttempts: 0,
    maxResponseBytes: 1.5,
  } as unknown as HttpSource;
  assert.deepEqual(sourceProblems(bad), [
    'source.url uses unknown placeholder {{since}}; use {{partition}}, {{watermark}} or {{params.<name>}}',
    'source.url may use placeholders in its path and query only, not in its host',
    'source.recordsPath must be a dot path like data.items, got "data..items"',
    'source.params.day uses unknown placeholder {{ today }}; use {{partition}}, {{watermark}} or {{params.<name>}}',
    'source.headers.Authorization would put a secret in the definition; use source.auth instead',
    'source.headers "bad header" is not a valid header name',
    'source.auth.keyEnv must be the name of an environment variable (like ORDERS_API_TOKEN), not a secret',
    'source.auth needs exactly one of header (a header name) or query (a parameter name)',
    'source.params.page is set by pagination (pageParam); remove it from params',
    'source.pagination.sizeParam and pageSize go together: set both or neither',
    'source.allowedHosts entry "https://api.example.com/" must be a host like api.example.com[:port]',
    `source.requestTimeout "soon" is not a positive duration like '30s'`,
    'source.maxAttempts must be a whole number from 1 to 100',
    'source.maxResponseBytes must be a whole number from 1',
  ]);
  // The pasted secret is never echoed back.
  assert.ok(!sourceProblems(bad).join('\n').includes('sk-live-123'));
});

test('url, auth and pagination problems each name what is missing', () => {
  const problems = (source: object) =>
    sourceProblems({ kind: 'http', url: 'https://a.example/x', ...source } as HttpSource);
  assert.deepEqual(sourceProblems({ kind: 'http' } as HttpSource), ['source.url is required']);
  assert.deepEqual(problems({ url: 'api.example.com/orders' }), [
    'source.url "api.example.com/orders" is not an absolute URL like https://api.example.com/orders',
  ]);
  assert.deepEqual(problems({ url: 'ftp://a.example/x' }), ['source.url must use http or https, not ftp:']);
  assert.deepEqual(problems({ url: 'https://me:pw@a.example/x' }), [
    'source.url must not hold credentials; use source.auth with an environment variable',
  ]);
  assert.deepEqual(problems({ auth: { kind: 'oauth' } }), [
    'unknown source.auth.kind "oauth"; use bearer, api-key or basic',
  ]);
  assert.deepEqual(problems({ auth: { kind: 'basic', usernameEnv: 'U' } }), [
    'source.auth.passwordEnv must be the name of an environment variable (like ORDERS_API_TOKEN), not a secret',
  ]);
  assert.deepEqual(problems({ pagination: { style: 'scroll' } }), [
    'unknown source.pagination.style "scroll"; use none, page, offset, cursor, link-header, next-url',
  ]);
  assert.deepEqual(problems({ pagination: { style: 'offset' } }), [
    'source.pagination.limit is required: the page size to ask for',
  ]);
  assert.deepEqual(problems({ pagination: { style: 'cursor', nextCursorPath: 'next' } }), [
    'source.pagination.cursorParam must name a query parameter',
  ]);
  assert.deepEqual(problems({ pagination: { style: 'next-url' } }), [
    'source.pagination.nextUrlPath must be a dot path like data.items, got undefined',
  ]);
  assert.deepEqual(sourceProblems({ kind: 'ftp' } as never), [
    'unknown source kind "ftp"; use file, http or postgres',
  ]);
});

test('definePipeline rejects a bad http source before anything runs', () => {
  assert.throws(
    () =>
      definePipeline({
        name: 'orders_api',
        description: 'test',
        owner: 'tests',
        steps: [
          {
            kind: 'fetch',
            id: 'fetch_orders_api',
            source: { kind: 'http', url: 'https://api.example.com/orders', params: { d: '{{day}}' } },
          },
        ],
      }),
    (err: Error) => {
      assert.ok(err instanceof DefinitionError);
      assert.match(
        err.message,
        /step "fetch_orders_api": source\.params\.d uses unknown placeholder \{\{day\}\}/,
      );
      return true;
    },
  );
});

test('Link header: rel="next" found among others, quoted or not, relative or absolute', () => {
  assert.equal(
    nextLink('<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next"'),
    'https://api.github.com/x?page=3',
  );
  assert.equal(nextLink('</items?cursor=a,b>; title="x"; rel=next'), '/items?cursor=a,b');
  assert.equal(nextLink('<https://a.example/2>; rel="next last"'), 'https://a.example/2');
  assert.equal(nextLink('<https://a.example/1>; rel="prev first"'), undefined);
  assert.equal(nextLink('<https://a.example/1>; rel="nextpage"'), undefined);
  assert.equal(nextLink(null), undefined);
});

test('Retry-After: delay-seconds or an HTTP date', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs('0', now), 0);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs(null, now), undefined);
});
