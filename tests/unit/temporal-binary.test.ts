// Temporal CLI resolution: the routes in DESIGN.md's order, and a message naming each when all fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  resolveTemporal,
  temporalCacheBin,
  unobtainableMessage,
  type ResolveDeps,
} from '../../devstack/temporal-binary';

function deps(
  overrides: Partial<ResolveDeps> & { executables?: string[] },
): ResolveDeps & { built: string[] } {
  const executables = new Set(overrides.executables ?? []);
  const built: string[] = [];
  return {
    env: { HOME: '/home/u', PATH: '/usr/bin:/opt/bin' },
    isExecutable: (file) => executables.has(file),
    goInstall: async (gobin) => {
      built.push(gobin);
      throw new Error('`go` is not installed or not on PATH');
    },
    progress: () => undefined,
    built,
    ...overrides,
  };
}

test('SLUICE_TEMPORAL_BIN wins over everything', async () => {
  const d = deps({
    env: { SLUICE_TEMPORAL_BIN: '/x/temporal', PATH: '/usr/bin' },
    executables: ['/x/temporal', '/usr/bin/temporal'],
  });
  const resolved = await resolveTemporal(d);
  assert.deepEqual(resolved.executable, { type: 'existing-path', path: '/x/temporal' });
  assert.equal(resolved.route, 'SLUICE_TEMPORAL_BIN');
});

test('a SLUICE_TEMPORAL_BIN that is not executable is an error, not a silent fallback', async () => {
  await assert.rejects(
    resolveTemporal(deps({ env: { SLUICE_TEMPORAL_BIN: '/nope' } })),
    /SLUICE_TEMPORAL_BIN=\/nope/,
  );
});

test('PATH comes before the cache', async () => {
  const cached = `${temporalCacheBin({ HOME: '/home/u' })}/temporal`;
  const resolved = await resolveTemporal(deps({ executables: ['/opt/bin/temporal', cached] }));
  assert.equal(resolved.route, 'PATH');
  assert.deepEqual(resolved.executable, { type: 'existing-path', path: '/opt/bin/temporal' });
});

test('the versioned cache comes before go install', async () => {
  const cached = '/home/u/.cache/sluice/temporal-v1.5.1/bin/temporal';
  const d = deps({ executables: [cached] });
  const resolved = await resolveTemporal(d);
  assert.equal(resolved.route, 'cache');
  assert.deepEqual(d.built, []);
});

test('go install builds into the cache and announces why it waits', async () => {
  const cacheBin = '/c/sluice/temporal-v1.5.1/bin';
  const executables = new Set<string>();
  const messages: string[] = [];
  const resolved = await resolveTemporal({
    env: { SLUICE_CACHE_DIR: '/c/sluice', PATH: '' },
    isExecutable: (file) => executables.has(file),
    goInstall: async (gobin) => {
      assert.equal(gobin, cacheBin);
      executables.add(`${gobin}/temporal`);
    },
    progress: (m) => messages.push(m),
  });
  assert.equal(resolved.route, 'go install');
  assert.match(messages[0] ?? '', /go install.*once/);
});

test('falls back to the SDK download, and the final message lists every route', async () => {
  const resolved = await resolveTemporal(deps({}));
  assert.deepEqual(resolved.executable, { type: 'cached-download' });
  const message = unobtainableMessage(resolved.attempts, 'getaddrinfo ENOTFOUND');
  for (const route of ['SLUICE_TEMPORAL_BIN', 'PATH', 'cache', 'go install', 'SDK download']) {
    assert.match(message, new RegExp(route));
  }
  assert.match(message, /go` is not installed/);
  assert.match(message, /set SLUICE_TEMPORAL_BIN=/);
});
