// The dev server launcher: a server that dies says why at once; one that never serves is stopped at the limit.
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { test } from 'node:test';
import { freePort } from '../../devstack/port-check';
import { startDevServerProcess } from '../../devstack/temporal-process';

async function launch(script: string, startTimeoutMs: number) {
  const port = await freePort();
  return startDevServerProcess({
    executable: '/bin/sh',
    args: ['-c', script],
    address: `127.0.0.1:${port}`,
    namespace: 'default',
    searchAttributes: [],
    startTimeoutMs,
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a server that exits before serving fails at once with its exit code and last output', async () => {
  const started = Date.now();
  await assert.rejects(launch('echo "bind: address already in use" >&2; exit 3', 60_000), (err: Error) => {
    assert.match(err.message, /exited with 3/);
    assert.match(err.message, /address already in use/);
    return true;
  });
  assert.ok(Date.now() - started < 10_000, 'did not wait for the start limit');
});

test('a server that never serves is stopped when the start limit passes', async () => {
  const pidFile = `/tmp/sluice-never-serves-${process.pid}`;
  await assert.rejects(
    launch(`echo $$ > ${pidFile}; exec sleep 60`, 1500),
    /not serving at 127\.0\.0\.1:\d+ after 1500 ms/,
  );
  const pid = Number(await readFile(pidFile, 'utf8'));
  await rm(pidFile);
  assert.equal(alive(pid), false, 'the child process was left running');
});

test('the server process does not inherit Sluice secrets from the environment', async () => {
  process.env.SLUICE_ENCRYPTION_KEYS = 'k1:c2VjcmV0LWtleS1tYXRlcmlhbA==';
  process.env.DATABASE_URL = 'postgresql://u:hunter2@db/w';
  try {
    await assert.rejects(launch('env >&2; exit 3', 60_000), (err: Error) => {
      assert.match(err.message, /PATH=/);
      assert.doesNotMatch(err.message, /SLUICE_ENCRYPTION_KEYS|c2VjcmV0|hunter2/);
      return true;
    });
  } finally {
    delete process.env.SLUICE_ENCRYPTION_KEYS;
    delete process.env.DATABASE_URL;
  }
});
