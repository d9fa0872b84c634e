// defineConfig: a project's sluice.config shape, checked with every problem listed at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineConfig, type SluiceConfig } from '../../core/config/define-config';
import { SluiceConfigError } from '../../core/config/sluice-config-error';

test('a good config comes back frozen, as written', () => {
  const config = defineConfig({
    pipelines: './src/pipelines.ts',
    taskQueue: 'analytics',
    dev: { run: ['a'] },
  });
  assert.deepEqual(config, { pipelines: './src/pipelines.ts', taskQueue: 'analytics', dev: { run: ['a'] } });
  assert.ok(Object.isFrozen(config));
  assert.deepEqual(defineConfig({}), {});
});

test('every problem in one SluiceConfigError: unknown keys, empty strings, a dev.run that is no list', () => {
  const bad = {
    pipelines: '',
    namespace: 3,
    dev: { run: [''], watch: true },
    schema: 'Mart',
    schedule: 'daily',
  } as unknown as SluiceConfig;
  assert.throws(
    () => defineConfig(bad),
    (err: unknown) => {
      assert.ok(err instanceof SluiceConfigError);
      assert.deepEqual(err.problems, [
        'unknown key "schedule"; a config may set pipelines, taskQueue, namespace, schema, dev',
        'pipelines must be a non-empty string, got ""',
        'namespace must be a non-empty string, got 3',
        'schema "Mart" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters',
        'unknown key "dev.watch"; dev may set run',
        `dev.run must list pipeline names, like ['orders_csv'], got [""]`,
      ]);
      assert.match(err.message, /^the Sluice config is invalid:\n {2}- unknown key "schedule"/);
      return true;
    },
  );
  assert.throws(
    () => defineConfig(null as unknown as SluiceConfig),
    /the config must be an object like defineConfig/,
  );
});
