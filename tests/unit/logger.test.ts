// The pino logger redacts secrets wherever they are in a line: secret-named keys at any depth and in any case, URL passwords and secret query parameters in any string.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../runtime/logger';
import { SECRET_VARIABLES } from '../../core/config/secret-variables';

/** A real pino logger writing to a stream, and the lines it wrote. */
function recordingLogger() {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  const logger = createLogger('info', sink);
  const lines = () =>
    written
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, written: () => written, lines };
}

test('secret variables and fields never reach a log line', () => {
  const { logger, written } = recordingLogger();
  const secrets = Object.fromEntries(SECRET_VARIABLES.map((name, i) => [name, `secret-value-${i}`]));
  logger.info({ ...secrets, config: { ...secrets, password: 'pw-1', apiKey: 'ak-1' } }, 'starting');
  logger.info({ headers: { authorization: 'Bearer tok-1' } }, 'request');
  assert.match(written(), /starting/);
  assert.doesNotMatch(written(), /secret-value-|pw-1|ak-1|tok-1/);
});

test('secret keys are redacted at any depth, in any case and spelling, in arrays and child bindings', () => {
  const { logger, written, lines } = recordingLogger();
  const child = logger.child({ source: { auth: { Token: 'tok-child' } } });
  child.info(
    {
      request: { headers: { Authorization: 'Bearer tok-1', 'X-Api-Key': 'ak-1', Cookie: 'c-1' } },
      steps: [{ fetch: { auth: { PASSWORD: 'pw-1', client_secret: 'cs-1', access_token: 'at-1' } } }],
      deep: { a: { b: { c: { d: { e: { sslPassword: 'pw-2', databaseUrl: 'postgres://u@h/d' } } } } } },
      env: { TEMPORAL_GRPC_META_X_TENANT: 'grpc-1' },
      rows: 42,
    },
    'fetched',
  );
  const text = written();
  for (const secret of [
    'grpc-1',
    'tok-child',
    'tok-1',
    'ak-1',
    'c-1',
    'pw-1',
    'cs-1',
    'at-1',
    'pw-2',
    'postgres://',
  ])
    assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  const [line] = lines();
  assert.deepEqual((line?.request as { headers: unknown }).headers, {
    Authorization: '[redacted]',
    'X-Api-Key': '[redacted]',
    Cookie: '[redacted]',
  });
  assert.equal(line?.rows, 42, 'other fields are kept');
  assert.deepEqual(line?.source, { auth: { Token: '[redacted]' } });
});

test('URL passwords and ?password= / sslpassword= parameters are redacted inside any string, the message too', () => {
  const { logger, written, lines } = recordingLogger();
  const url = 'postgresql://sluice:pw-url@db:5432/warehouse?sslmode=require&sslpassword=pw-ssl';
  logger.info(
    { note: `connecting to ${url}`, list: ['https://api.example/x?page=2&password=pw-query'] },
    `retry ${url}`,
  );
  logger.info({}, 'conninfo host=db user=sluice password=pw-kv dbname=warehouse');
  logger.info({}, "conninfo host=db password='pw quoted' dbname=warehouse");
  logger.info({}, 'https://api.example/items?API_KEY=ak-q&Token=tok-q&limit=10');
  const text = written();
  for (const secret of ['pw-url', 'pw-ssl', 'pw-query', 'pw-kv', 'pw quoted', 'ak-q', 'tok-q'])
    assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
  const [first, second, , fourth] = lines();
  assert.equal(
    first?.msg,
    'retry postgresql://sluice:[redacted]@db:5432/warehouse?sslmode=require&sslpassword=[redacted]',
  );
  assert.equal(second?.msg, 'conninfo host=db user=sluice password=[redacted] dbname=warehouse');
  assert.equal(fourth?.msg, 'https://api.example/items?API_KEY=[redacted]&Token=[redacted]&limit=10');
});

test("an error's message and stack, logged as a field or on its own, lose their secrets; cycles do not hang", () => {
  const { logger, written, lines } = recordingLogger();
  const err = Object.assign(new Error('connect to postgres://u:pw-err@db/x failed'), {
    code: 'ECONNREFUSED',
  });
  logger.error({ err }, 'database unavailable');
  logger.error(err);
  const cyclic: Record<string, unknown> = { name: 'loop', apiKey: 'ak-cyc' };
  cyclic.self = cyclic;
  logger.info({ cyclic }, 'cycle');
  const text = written();
  assert.ok(!text.includes('pw-err') && !text.includes('ak-cyc'), text);
  const [first, second, third] = lines();
  assert.equal((first?.err as { code?: string }).code, 'ECONNREFUSED', 'the error is still serialized');
  assert.match(String((first?.err as { stack?: string }).stack), /postgres:\/\/u:\[redacted\]@db/);
  assert.equal(second?.msg, 'connect to postgres://u:[redacted]@db/x failed');
  assert.deepEqual(third?.cyclic, { name: 'loop', apiKey: '[redacted]', self: '[Circular]' });
});

test("a grandchild keeps every ancestor's bindings, redacted", () => {
  const { logger, lines } = recordingLogger();
  logger
    .child({ run: 'r1' })
    .child({ step: 's1', headers: { authorization: 'Bearer tok-g' } })
    .info({}, 'deep');
  const [line] = lines();
  assert.equal(line?.run, 'r1');
  assert.equal(line?.step, 's1');
  assert.deepEqual(line?.headers, { authorization: '[redacted]' });
});
