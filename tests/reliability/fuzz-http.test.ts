// Fuzzes the HTTP source: a real local server answers fuzzed statuses, headers and bodies to the real fetch activity.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import fc from 'fast-check';
import { HttpRetryableError } from '../../activities/fetch/http/http-retryable-error';
import type { HttpPagination, HttpSource } from '../../core/fetch/source-spec';
import { TERMINAL_ERROR_TYPES } from '../../core/run/error-types';
import type { StepResult } from '../../core/run/run-types';
import { useTestDatabase } from '../support/test-database';
import { fetchSource, PIPELINE, STEP, stepInput } from '../activities/hostile-source-fixtures';
import { endsClearly, fuzz, guardFuzzFile, HEAVY_CASE_TIME_LIMIT_MS } from './support/fuzz';

guardFuzzFile('fuzz-http');

const db = useTestDatabase();
const SECRET = 'fuzz-secret-9f27c1';
process.env.SLUICE_FUZZ_HTTP_TOKEN = SECRET;

/** One answer of the server: how it ends ('stall' never answers, 'cut' drops the connection mid-body). */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  end: 'full' | 'cut' | 'stall' | 'echo-auth';
}

/** The answers of the current case, one per request in order; past the last, the last again. */
let script: Answer[] = [];
let served = 0;
let server: http.Server;
let origin: string;

before(async () => {
  server = http.createServer((req, res) => {
    const answer = script[Math.min(served, script.length - 1)];
    served += 1;
    if (!answer || answer.end === 'stall') return; // the source's requestTimeout ends it
    let body = answer.body;
    if (answer.end === 'echo-auth')
      body = Buffer.concat([body, Buffer.from(` ${req.headers.authorization ?? ''}`)]);
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
    if (answer.end === 'cut') {
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setImmediate(() => res.destroy());
    } else res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Header values a server may send: printable ASCII only (Node refuses others), some of them hostile. */
const headerText = fc.oneof(
  fc.constantFrom('', '0', '1', '-1', '999999', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon', '1e3', '1.5'),
  fc.string({
    maxLength: 30,
    unit: fc.constantFrom(...' !#$%&*+-./0123456789:;<=>?@ABCZabcz[]^_`{|}~'.split('')),
  }),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/xml',
  'application/octet-stream',
  'JSON',
  '',
);

const record = fc.dictionary(
  fc.oneof(fc.constantFrom('id', 'name', '__proto__', 'constructor'), fc.string({ maxLength: 5 })),
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('\u0000', '\ud800', 'x'.repeat(300))),
  { maxKeys: 5 },
);

/** Raw JSON text that JSON.stringify cannot make: exact big numbers, escaped NUL and lone surrogates, depth. */
const rawRecord = fc.constantFrom(
  '{"id": 12345678901234567890123}',
  '{"id": 0.1000000000000000055511151231257827}',
  '{"s": "\\u0000"}',
  '{"s": "\\ud800"}',
  `{"deep": ${'['.repeat(90)}${']'.repeat(90)}}`,
  '12345678901234567890123',
  '"text"',
  'null',
  '[]',
);

const records = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: record.map((r) => JSON.stringify(r)) },
    { weight: 1, arbitrary: rawRecord },
  ),
  { maxLength: 6 },
);

/** A body shaped for the pagination style, with where the next page is: none, a cursor, a URL, garbage. */
const pageBody = fc.record({
  records,
  next: fc.oneof(
    fc.constant('null'),
    fc.constantFrom('"c1"', '"c1"', '2', '18446744073709551615', '{}', '[]', 'true', '""'),
    fc.constantFrom(
      `"/next"`,
      `"http://127.0.0.1:1/x"`,
      `"http://10.0.0.1/"`,
      `"ftp://x"`,
      `"::"`,
      `"//evil.example/"`,
    ),
  ),
  total: fc.constantFrom('3', '"3"', 'null', '-1', '1e400'),
});

/** `arbitrary` in one case of `n`, else undefined. */
const rarely = <T>(n: number, arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** A body for `recordsPath`: mostly the shape it reads, sometimes the other shape, broken text or bytes. */
const bodyFor = (recordsPath: string | undefined) => {
  const wrapped = pageBody.map(({ records: list, next, total }) =>
    Buffer.from(`{"data": [${list.join(',')}], "next": ${next}, "total": ${total}}`),
  );
  const bare = records.map((list) => Buffer.from(`[${list.join(',')}]`));
  return fc.oneof(
    { weight: 12, arbitrary: recordsPath ? wrapped : bare },
    { weight: 1, arbitrary: recordsPath ? bare : wrapped },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '',
          '<!doctype html><p>login</p>',
          '{"data": [',
          'null',
          '[1,2]',
          '\ufeff[]',
          '{"data": "x"}',
        )
        .map((t) => Buffer.from(t)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)) },
  );
};

const answerFor = (recordsPath: string | undefined): fc.Arbitrary<Answer> =>
  fc.record({
    status: fc.oneof(
      { weight: 12, arbitrary: fc.constant(200) },
      {
        weight: 3,
        arbitrary: fc.constantFrom(204, 301, 302, 304, 400, 401, 403, 404, 408, 410, 429, 500, 502, 503, 599),
      },
    ),
    headers: fc
      .tuple(
        fc.oneof(
          { weight: 8, arbitrary: fc.constant('application/json') },
          { weight: 2, arbitrary: contentType },
        ),
        rarely(4, headerText),
        rarely(
          4,
          fc.oneof(
            headerText,
            fc.constantFrom(
              '</next>; rel="next"',
              '<http://10.0.0.1/>; rel="next"',
              '<:::>; rel="next"',
              '<>; rel=next',
            ),
          ),
        ),
        rarely(
          4,
          fc.oneof(
            headerText,
            fc.constantFrom('/again', 'http://127.0.0.1:1/', 'http://[::1', 'file:///etc/passwd'),
          ),
        ),
        rarely(15, fc.constantFrom('gzip', 'br', 'identity')),
      )
      .map(([type, retryAfter, link, location, encoding]) => ({
        'content-type': type,
        ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
        ...(link === undefined ? {} : { link }),
        ...(location === undefined ? {} : { location }),
        ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
      })),
    body: bodyFor(recordsPath),
    end: fc.oneof(
      { weight: 40, arbitrary: fc.constant('full' as const) },
      { weight: 2, arbitrary: fc.constantFrom('cut' as const, 'echo-auth' as const) },
      { weight: 1, arbitrary: fc.constant('stall' as const) },
    ),
  });

const pagination: fc.Arbitrary<HttpPagination> = fc.constantFrom<HttpPagination>(
  { style: 'none' },
  { style: 'page', sizeParam: 'per_page', pageSize: 2, totalPagesPath: 'total' },
  { style: 'offset', limit: 2, totalPath: 'total' },
  { style: 'cursor', cursorParam: 'after', nextCursorPath: 'next' },
  { style: 'next-url', nextUrlPath: 'next' },
  { style: 'link-header' },
);

const httpCase = fc
  .record({
    pagination,
    recordsPath: fc.constantFrom<string | undefined>('data', undefined),
  })
  .chain(({ pagination: paging, recordsPath }) =>
    fc.record({
      pagination: fc.constant(paging),
      recordsPath: fc.constant(recordsPath),
      answers: fc.array(answerFor(recordsPath), { minLength: 1, maxLength: 4 }),
      limits: fc.option(
        fc.record(
          {
            maxRecordBytes: fc.integer({ min: 20, max: 400 }),
            maxRecordDepth: fc.integer({ min: 1, max: 6 }),
            maxResponseBytes: fc.integer({ min: 100, max: 5_000 }),
          },
          { requiredKeys: [] },
        ),
        { nil: undefined, freq: 3 },
      ),
    }),
  );

/**
 * Whether the server gave an answer that another attempt might not get: a 408, 429 or 5xx, a connection cut or
 * stalled, or a body that does not decode as its content-encoding says (a proxy may have mangled it).
 */
const mayBeTransient = (answers: Answer[]) =>
  answers.some(
    (a) =>
      a.status === 408 ||
      a.status === 429 ||
      a.status >= 500 ||
      a.end === 'cut' ||
      a.end === 'stall' ||
      a.headers['content-encoding'] !== undefined,
  );

const quiet = () => new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
const seen = { staged: 0, quarantined: 0, refused: 0, retryable: 0 };

test('fuzzed statuses, headers and bodies: rows staged or quarantined, a typed terminal failure, or a retryable error (1,000 cases)', async () => {
  await fuzz(
    httpCase,
    async ({ pagination: paging, recordsPath, answers, limits }) => {
      script = answers;
      served = 0;
      const source: HttpSource = {
        kind: 'http',
        url: `${origin}/orders`,
        pagination: paging,
        ...(recordsPath ? { recordsPath } : {}),
        auth: { kind: 'bearer', tokenEnv: 'SLUICE_FUZZ_HTTP_TOKEN' },
        requestTimeout: '250ms',
        maxAttempts: 2,
        maxBackoff: '5ms',
        maxPages: 4,
        ...limits,
      };
      const input = stepInput();
      const where = `${PIPELINE}/${STEP} (run ${input.workflowId}): `;
      const outcome = await endsClearly(
        () => fetchSource(db.pool, source, input, '.', quiet()),
        [
          { type: ApplicationFailure, names: /\S/ },
          { type: HttpRetryableError, names: new RegExp(`^GET ${origin}/`) },
        ],
      );
      if (outcome instanceof Error) {
        assert.ok(!outcome.message.includes(SECRET), `the token leaked into: ${outcome.message}`);
        if (outcome instanceof HttpRetryableError) {
          assert.ok(mayBeTransient(answers), `only a transient answer is retried: ${outcome.message}`);
          seen.retryable += 1;
        } else if (outcome instanceof ApplicationFailure && outcome.nonRetryable) {
          assert.ok(
            (TERMINAL_ERROR_TYPES as readonly string[]).includes(outcome.type ?? ''),
            `typed: ${outcome.type}`,
          );
          assert.ok(outcome.message.startsWith(where), `names pipeline, step and run: ${outcome.message}`);
          seen.refused += 1;
        } else {
          // A Retry-After longer than the source waits: the step's retry waits instead, as long as asked.
          assert.equal((outcome as ApplicationFailure).type, 'HttpRetryableError', outcome.message);
          assert.ok(mayBeTransient(answers), `only a transient answer is retried: ${outcome.message}`);
          seen.retryable += 1;
        }
        return;
      }
      const result = outcome as StepResult;
      const { rows } = await db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sluice.quarantine WHERE run_id = $1',
        [input.runId],
      );
      assert.equal(rows[0]?.n, result.rowsRejected, 'every rejected record is in quarantine');
      assert.equal(result.rowsIn, result.rowsOut + result.rowsRejected);
      if (result.rowsOut > 0) seen.staged += 1;
      if (result.rowsRejected > 0) seen.quarantined += 1;
      if (result.output) await db.pool.query(`DROP TABLE IF EXISTS sluice_staging.${result.output.table}`);
    },
    1_000,
    HEAVY_CASE_TIME_LIMIT_MS,
  );
  process.stdout.write(`# fetch outcomes: ${JSON.stringify(seen)}\n`);
  for (const [outcome, count] of Object.entries(seen)) assert.ok(count >= 20, `${outcome}: ${count} fetches`);
});
