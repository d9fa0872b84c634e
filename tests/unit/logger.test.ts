// The pino logger redacts every secret variable and secret field, at the top level and one level down.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../runtime/logger';
import { SECRET_VARIABLES } from '../../core/config/secret-variables';

test('secret variables and fields never reach a log line', () => {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  const logger = createLogger('info', sink);
  const secrets = Object.fromEntries(SECRET_VARIABLES.map((name, i) => [name, `secret-value-${i}`]));
  logger.info({ ...secrets, config: { ...secrets, password: 'pw-1', apiKey: 'ak-1' } }, 'starting');
  logger.info({ headers: { authorization: 'Bearer tok-1' } }, 'request');
  assert.match(written, /starting/);
  assert.doesNotMatch(written, /secret-value-|pw-1|ak-1|tok-1/);
});
