// The Temporal server's versioned cache: reused when whole, and when it cannot be built, every route and the fix named.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  ensureTemporalServer,
  temporalServerInstall,
  TEMPORAL_SERVER_VERSION,
} from '../../devstack/temporal-server-install';

const dirs: string[] = [];
const cacheDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-server-cache-'));
  dirs.push(dir);
  return dir;
};
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test('the cache is keyed by the version, under SLUICE_CACHE_DIR', () => {
  const install = temporalServerInstall({ SLUICE_CACHE_DIR: '/c' });
  assert.equal(install.dir, `/c/temporal-server-${TEMPORAL_SERVER_VERSION}`);
  assert.equal(install.server, `${install.dir}/bin/temporal-server`);
  assert.equal(install.sqlTool, `${install.dir}/bin/temporal-sql-tool`);
  assert.equal(install.schemaDir, `${install.dir}/schema/postgresql/v12`);
});

test('a whole install in the cache is used as it is, without building', async () => {
  const env = { SLUICE_CACHE_DIR: await cacheDir() };
  const install = temporalServerInstall(env);
  await mkdir(install.bin, { recursive: true });
  for (const file of [install.server, install.sqlTool]) await writeFile(file, '#!/bin/sh\n', { mode: 0o755 });
  await mkdir(path.join(install.schemaDir, 'temporal', 'versioned'), { recursive: true });
  await mkdir(install.configDir, { recursive: true });
  await writeFile(path.join(install.configDir, 'docker.yaml'), '# enable-template\n');
  const said: string[] = [];
  assert.deepEqual(await ensureTemporalServer(env, (m) => said.push(m)), install);
  assert.deepEqual(said, [], 'nothing built, nothing announced');
});

test('without go, the error lists what each route said and the fix, and leaves no partial install', async () => {
  const env = { SLUICE_CACHE_DIR: await cacheDir() };
  const savedPath = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(
      ensureTemporalServer(env, () => undefined),
      (err: Error) => {
        assert.match(err.message, /^cannot obtain the Temporal server v1\.29\.1\. Routes tried:$/m);
        assert.match(err.message, /^ {2}- cache .*temporal-server-v1\.29\.1: empty or incomplete$/m);
        assert.match(err.message, /^ {2}- go install: `go` is not installed or not on PATH$/m);
        assert.match(err.message, /^Fix: install Go/m);
        return true;
      },
    );
  } finally {
    process.env.PATH = savedPath;
  }
  assert.deepEqual(await readdir(env.SLUICE_CACHE_DIR), []);
});
