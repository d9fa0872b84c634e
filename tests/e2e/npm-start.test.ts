// `npm start -- --once` as a user runs it: the example pipeline, exit codes, clean shutdown, clear errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../devstack/port-check';
import { processesMentioning, ROOT, runProcess, startProcess } from '../support/run-process';

/** `npm start` as package.json declares it (`node bin/sluice.js …`), run without npm in between. */
const NPM_START = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .slice(1);

let home: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'sluice-start-'));
  const temporal = await freePort();
  const ui = await freePort([temporal]);
  env = {
    SLUICE_HOME: home,
    SLUICE_TEMPORAL_PORT: String(temporal),
    SLUICE_UI_PORT: String(ui),
    SLUICE_PG_PORT: String(await freePort([temporal, ui])),
    DATABASE_URL: '',
  };
  delete env.DATABASE_URL;
});
after(async () => {
  await rm(home, { recursive: true, force: true });
});

const start = (extra: NodeJS.ProcessEnv = {}) => runProcess([...NPM_START, '--once'], { ...env, ...extra });

test('runs the example once, prints id, rows and UI link, exits 0 and leaves no process behind', async () => {
  const first = await start();
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /Started sluice\/orders_csv\/manual-\d{8}T\d{6}Z-[0-9a-f]{4}/);
  assert.match(
    first.stdout,
    new RegExp(
      `http://127\\.0\\.0\\.1:${env.SLUICE_UI_PORT}/namespaces/default/workflows/sluice%2Forders_csv`,
    ),
  );
  assert.match(first.stdout, /load_orders_fct\s+in 25\s+out 25/);
  assert.deepEqual(processesMentioning(home), []);

  const second = await start();
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /load_orders_fct\s+in 25\s+out 0/, 'the second run changes no row');
  assert.deepEqual(processesMentioning(home), []);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`serving until ${signal}: stops Temporal and PostgreSQL, leaves no process behind`, async () => {
    const serving = startProcess(NPM_START, env);
    await serving.waitFor(/Press Ctrl-C to stop/);
    assert.notDeepEqual(processesMentioning(home), [], 'the stack runs while serving');
    serving.child.kill(signal);
    await serving.done;
    assert.deepEqual(processesMentioning(home), []);
  });
}

test('a taken port is named with the variable that moves it, and nothing is left running', async () => {
  const blocker = net.createServer();
  const port = await freePort();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  try {
    const result = await start({ SLUICE_TEMPORAL_PORT: String(port) });
    assert.notEqual(result.code, 0);
    assert.match(
      result.stderr,
      new RegExp(`port ${port} \\(Temporal frontend\\) is already in use; set SLUICE_TEMPORAL_PORT`),
    );
    assert.deepEqual(processesMentioning(home), []);
  } finally {
    blocker.close();
  }
});

test('bad environment: every problem in one message, exit 2', async () => {
  const result = await start({ SLUICE_PG_PORT: 'five', LOG_LEVEL: 'loud' });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /SLUICE_PG_PORT/);
  assert.match(result.stderr, /LOG_LEVEL/);
});
