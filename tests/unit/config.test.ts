// The worker's environment schema: defaults, and one error that lists every problem.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseEnv } from '../../runtime/parse-env';
import { workerConfigSchema } from '../../workers/config';

test('fills defaults around a valid DATABASE_URL', () => {
  const config = parseEnv(workerConfigSchema, { DATABASE_URL: 'postgresql://u:p@db:5432/x' });
  assert.equal(config.temporal.options.address, 'localhost:7233');
  assert.equal(config.temporal.namespace, 'default');
  assert.equal(config.SLUICE_TASK_QUEUE, 'sluice');
  assert.equal(config.LOG_LEVEL, 'info');
  assert.equal(config.SLUICE_SHUTDOWN_GRACE_SECONDS, 30);
});

test('lists every problem at once and never echoes the database URL', () => {
  const env = {
    DATABASE_URL: 'mysql://root:secret@db/x',
    TEMPORAL_ADDRESS: 'no-port',
    LOG_LEVEL: 'loud',
    SLUICE_MAX_CONCURRENT_ACTIVITIES: '-3',
  };
  assert.throws(
    () => parseEnv(workerConfigSchema, env),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 4);
      for (const name of [
        'DATABASE_URL',
        'TEMPORAL_ADDRESS',
        'LOG_LEVEL',
        'SLUICE_MAX_CONCURRENT_ACTIVITIES',
      ]) {
        assert.match(err.message, new RegExp(name));
      }
      assert.doesNotMatch(err.message, /secret/);
      return true;
    },
  );
});

test("the connection's problems are listed with the worker's, even when DATABASE_URL is missing", () => {
  assert.throws(
    () => parseEnv(workerConfigSchema, { TEMPORAL_ADDRESS: 'no-port', TEMPORAL_TLS_CERT: '/no/such.pem' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.problems, [
        'DATABASE_URL is required (Invalid input: expected string, received undefined)',
        'TEMPORAL_ADDRESS="no-port": must be host:port, e.g. localhost:7233',
        'TEMPORAL_TLS_CERT="/no/such.pem": cannot read it (no such file)',
        'TEMPORAL_TLS_CERT is set without TEMPORAL_TLS_CLIENT_KEY_PATH: mTLS needs the client key too; set both or neither',
      ]);
      return true;
    },
  );
});

test('names a missing required variable', () => {
  assert.throws(() => parseEnv(workerConfigSchema, {}), /DATABASE_URL is required/);
});

test('SLUICE_METRICS_ADDRESS is optional, and must be host:port when set', () => {
  const base = { DATABASE_URL: 'postgresql://u:p@db:5432/x' };
  assert.equal(parseEnv(workerConfigSchema, base).SLUICE_METRICS_ADDRESS, undefined);
  assert.equal(
    parseEnv(workerConfigSchema, { ...base, SLUICE_METRICS_ADDRESS: '0.0.0.0:9464' }).SLUICE_METRICS_ADDRESS,
    '0.0.0.0:9464',
  );
  assert.throws(
    () => parseEnv(workerConfigSchema, { ...base, SLUICE_METRICS_ADDRESS: '9464' }),
    /SLUICE_METRICS_ADDRESS="9464": must be host:port/,
  );
});

test('a malformed alert webhook or Web UI URL is named, and the webhook URL (it holds a token) never echoed', () => {
  const env = {
    DATABASE_URL: 'postgresql://u:p@db:5432/x',
    SLUICE_ALERT_WEBHOOK_URL: 'hooks.example.test/services/T0KEN-1',
    SLUICE_UI_URL: 'ftp://ui',
  };
  assert.throws(
    () => parseEnv(workerConfigSchema, env),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(err.problems, [
        'SLUICE_ALERT_WEBHOOK_URL=<redacted>: must be an http:// or https:// URL (the webhook that receives alerts)',
        'SLUICE_UI_URL="ftp://ui": must be an http:// or https:// URL (the Temporal Web UI, e.g. http://localhost:8233)',
      ]);
      return true;
    },
  );
  const config = parseEnv(workerConfigSchema, {
    ...env,
    SLUICE_ALERT_WEBHOOK_URL: 'https://hooks.example.test/services/T0KEN-1',
    SLUICE_UI_URL: 'http://localhost:8233',
  });
  assert.equal(config.SLUICE_ALERT_WEBHOOK_URL?.origin, 'https://hooks.example.test');
  assert.equal(config.SLUICE_UI_URL?.href, 'http://localhost:8233/');
});
