// A user's project outside the repository, through bin/sluice.js as a shell runs it: found, loaded, refused, run.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../devstack/port-check';
import { processesMentioning, ROOT, runProcess } from '../support/run-process';
import { SLUICE_API, writeProject } from '../support/temp-project';

const SLUICE = path.join(ROOT, 'bin/sluice.js');
/** As a user's shell runs it: plain node, from wherever (bin/sluice.js loads tsx itself). */
const sluice = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  runProcess([SLUICE, ...args], options.env ?? {}, { nodeArgs: [], cwd: options.cwd ?? ROOT });

let dir: string;
let broken: string;

before(async () => {
  dir = await writeProject({
    'sluice.config.ts': `import { defineConfig } from ${SLUICE_API};
export default defineConfig({ taskQueue: 'own-queue', dev: { run: ['own_orders'] } });
`,
    'pipelines/index.ts': `import { ownOrders } from './own-orders';
import { ownTotals } from './own-totals';
export default [ownOrders, ownTotals];
`,
    'pipelines/own-orders.ts': `import { definePipeline } from ${SLUICE_API};
export const ownOrders = definePipeline({
  name: 'own_orders',
  description: 'orders of a project outside the repository',
  owner: 'tests',
  steps: [
    { kind: 'fetch', id: 'fetch_orders', source: { kind: 'file', path: 'data/orders.csv', format: 'csv' } },
    { kind: 'validate', id: 'validate_orders', input: 'fetch_orders', contract: { file: 'contracts/orders.yml' } },
    {
      kind: 'load',
      id: 'load_orders',
      input: 'validate_orders',
      target: { table: 'own_orders_fct', mode: 'merge', key: ['id'], columns: [{ name: 'id', type: 'bigint' }, { name: 'amount', type: 'numeric' }] },
    },
  ],
});
`,
    'pipelines/own-totals.ts': `import { definePipeline } from ${SLUICE_API};
export const ownTotals = definePipeline({
  name: 'own_totals',
  description: 'needs a partition',
  owner: 'tests',
  partitions: { kind: 'daily', start: '2026-01-01' },
  steps: [
    { kind: 'fetch', id: 'fetch_orders', source: { kind: 'file', path: 'data/orders.csv', format: 'csv' } },
    { kind: 'load', id: 'load_totals', input: 'fetch_orders', target: { table: 'own_totals', mode: 'replace-partition', partitionColumn: 'day', columns: [{ name: 'day', type: 'date' }] } },
  ],
});
`,
    'contracts/orders.yml': `dataset: own_orders
description: one row per order
owner: tests
columns:
  - { name: id, type: integer, required: true, unique: true }
  - { name: amount, type: number, required: true, min: 0 }
`,
    'data/orders.csv': 'id,amount\n1,9.5\n2,12\n3,0.25\n',
  });
  broken = await writeProject({
    'sluice.config.ts': 'export default {};\n',
    'pipelines/index.ts': `import { definePipeline } from ${SLUICE_API};
import { typo } from './typo';
export default [definePipeline({ name: 'Nope', description: 'd', owner: 'o', steps: [] }), typo];
`,
    'pipelines/typo.ts': 'export const typo = {\n',
  });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(broken, { recursive: true, force: true });
});

test('pipelines --project DIR --json from elsewhere, and plain `pipelines` from a folder inside the project', async () => {
  const named = await sluice(['pipelines', '--project', dir, '--json']);
  assert.equal(named.code, 0, named.stderr);
  const listed = JSON.parse(named.stdout) as { pipelines: { name: string; steps: number }[] };
  assert.deepEqual(
    listed.pipelines.map((p) => [p.name, p.steps]),
    [
      ['own_orders', 3],
      ['own_totals', 2],
    ],
  );
  const upward = await sluice(['pipelines'], { cwd: path.join(dir, 'pipelines') });
  assert.equal(upward.code, 0, upward.stderr);
  assert.match(
    upward.stdout,
    /^own_orders\s+tests\s+3 steps {2}orders of a project outside the repository$/m,
  );
  const byEnv = await sluice(['pipelines', 'show', 'own_orders', '--json'], { env: { SLUICE_PROJECT: dir } });
  assert.equal(byEnv.code, 0, byEnv.stderr);
  assert.match((JSON.parse(byEnv.stdout) as { dag: string }).dag, /file: data\/orders\.csv/);
});

test('no project: the folders searched and `sluice init`, exit 2', async () => {
  const result = await sluice(['pipelines'], { cwd: path.dirname(dir) });
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    new RegExp(
      `no Sluice project found: none of these folders holds a sluice\\.config\\.ts: ${path.dirname(dir)}, `,
    ),
  );
  assert.match(result.stderr, /Run `sluice init` to create a project, or pass --project <dir>/);
});

test('a broken project: every problem with file and line, exit 2, nothing started', async () => {
  for (const args of [['pipelines'], ['dev', '--once'], ['worker']]) {
    const home = path.join(broken, '.sluice');
    const result = await sluice(['--project', broken, ...args], { env: { SLUICE_HOME: home } });
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`cannot load the Sluice project in ${broken}:`));
    assert.match(
      result.stderr,
      /- pipelines\/typo\.ts:2:1: syntax error: Expected identifier but found end of file/,
    );
    assert.match(
      result.stderr,
      /- pipelines\/index\.ts:3:\d+: pipeline "Nope": name "Nope" must be lower snake case/,
    );
    assert.match(
      result.stderr,
      /- pipelines\/index\.ts:3:\d+: pipeline "Nope": steps must list at least one step/,
    );
    assert.ok(!existsSync(home), `${args.join(' ')} started nothing`);
  }
});

test('dev and worker refuse a contract file that is not there before starting anything', async () => {
  const missing = await writeProject({
    'sluice.config.ts': 'export default {};\n',
    'pipelines/index.ts': `import { definePipeline } from ${SLUICE_API};
export default [definePipeline({
  name: 'gone',
  description: 'd',
  owner: 'o',
  steps: [
    { kind: 'fetch', id: 'fetch_x', source: { kind: 'file', path: 'data/x.csv', format: 'csv' } },
    { kind: 'validate', id: 'validate_x', input: 'fetch_x', contract: { file: 'contracts/gone.yml' } },
  ],
})];
`,
  });
  try {
    for (const args of [['dev', '--once'], ['worker']]) {
      const result = await sluice(['--project', missing, ...args], { env: { SLUICE_HOME: '.sluice' } });
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(
        result.stderr,
        new RegExp(
          `pipeline "gone" step "validate_x": contract contracts/gone\\.yml is invalid:[\\s\\S]*looked at ${missing}/contracts/gone\\.yml`,
        ),
      );
      assert.ok(!existsSync(path.join(missing, '.sluice')), `${args.join(' ')} started nothing`);
    }
  } finally {
    await rm(missing, { recursive: true, force: true });
  }
});

test('run checks name and partition against a project, and needs none as a thin client', async () => {
  const unreachable = { TEMPORAL_ADDRESS: '127.0.0.1:1' };
  const unknown = await sluice(['--project', dir, 'run', 'nope'], { env: unreachable });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown pipeline "nope"; known pipelines: own_orders, own_totals/);
  const noPartition = await sluice(['--project', dir, 'run', 'own_totals'], { env: unreachable });
  assert.equal(noPartition.code, 2);
  assert.match(
    noPartition.stderr,
    /own_totals: step load_totals replaces one partition; pass --partition <key>/,
  );
  const thin = await sluice(['run', 'nope'], { cwd: path.dirname(dir), env: unreachable });
  assert.equal(thin.code, 3, 'no project, no check: it goes on to the server');
  assert.match(thin.stderr, /cannot reach Temporal at 127\.0\.0\.1:1/);
});

test("dev --once runs the project's dev.run pipeline on its task queue, files read from its folder", async () => {
  const temporal = await freePort();
  const ui = await freePort([temporal]);
  const env = {
    SLUICE_HOME: '.sluice', // relative: the project's folder, not the working directory
    SLUICE_TEMPORAL_PORT: String(temporal),
    SLUICE_UI_PORT: String(ui),
    SLUICE_PG_PORT: String(await freePort([temporal, ui])),
  };
  const home = path.join(dir, '.sluice');
  try {
    const result = await sluice(['dev', '--once', '--project', dir], { env });
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /Worker polling task queue "own-queue" in namespace "default"/);
    assert.match(result.stdout, /Started sluice\/own_orders\/manual-/);
    assert.match(result.stdout, /fetch_orders\s+in 3\s+out 3/);
    assert.match(result.stdout, /load_orders\s+in 3\s+out 3/);
    assert.match(result.stdout, /Run sluice\/own_orders\/manual-\S+ succeeded\./);
    assert.ok(existsSync(path.join(home, 'sluice.log')), 'state and log live in the project folder');
    assert.deepEqual(processesMentioning(home), []);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
