// loadProject: config, pipelines through tsx, one Sluice instance, and every bad input reported at once.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { DefinitionError } from '../../core/pipeline/definition-error';
import { catalogFromExports } from '../../project/catalog-from-exports';
import { loadProject } from '../../project/load-project';
import { ProjectLoadError } from '../../project/project-load-error';
import { runningSluiceVersion } from '../../project/sluice-version-warning';
import { EXAMPLE_DIR } from '../support/example-project';
import { ROOT } from '../support/run-process';
import { csvPipeline, SLUICE_API, writeProject } from '../support/temp-project';

const dirs: string[] = [];
after(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const project = async (files: Record<string, string>) => {
  const dir = await writeProject(files);
  dirs.push(dir);
  return dir;
};

const CONFIG = { 'sluice.config.ts': `export default {};\n` };

/** The problems loadProject reports for the project made of `files`; fails the test if it loads. */
async function problemsOf(files: Record<string, string>): Promise<readonly string[]> {
  const dir = await project(files);
  const err = await loadProject(dir).then(
    () => assert.fail('the project loaded'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ProjectLoadError, String(err));
  assert.equal(err.dir, dir);
  assert.match(err.message, new RegExp(`cannot load the Sluice project in ${dir}`));
  return err.problems;
}

test('the example project: its config, five pipelines, defaults filled in, no warning', async () => {
  const loaded = await loadProject(EXAMPLE_DIR);
  assert.equal(loaded.dir, EXAMPLE_DIR);
  assert.equal(loaded.configFile, path.join(EXAMPLE_DIR, 'sluice.config.ts'));
  assert.equal(loaded.pipelinesFile, path.join(EXAMPLE_DIR, 'pipelines/index.ts'));
  assert.deepEqual(
    [...loaded.catalog.keys()],
    ['orders_csv', 'orders_reviewed', 'monthly_spend', 'daily_orders', 'leave_requests'],
  );
  assert.deepEqual(loaded.config, {
    pipelines: './pipelines/index.ts',
    taskQueue: 'sluice',
    schema: 'public',
    dev: { run: ['orders_csv'] },
  });
  assert.deepEqual(loaded.warnings, []);
});

test("`from 'sluice'` resolves through the project's tsconfig paths to the one copy of Sluice the CLI runs", async () => {
  const dir = await project({
    'sluice.config.ts': `import { defineConfig } from 'sluice';\nexport default defineConfig({ taskQueue: 'analytics' });\n`,
    'tsconfig.json': JSON.stringify({
      compilerOptions: { paths: { sluice: [path.join(ROOT, 'core/index.ts')] } },
    }),
    'pipelines/index.ts': `${csvPipeline('orders').replace(SLUICE_API, "'sluice'")}\nexport default [orders];\n`,
  });
  const loaded = await loadProject(dir);
  assert.deepEqual([...loaded.catalog.keys()], ['orders']);
  assert.equal(loaded.config.taskQueue, 'analytics');
  assert.deepEqual(loaded.config.dev.run, ['orders'], "dev.run defaults to the catalog's first");
  const copies = Object.keys(require.cache).filter((file) => file.endsWith(`${path.sep}definition-error.ts`));
  assert.deepEqual(copies, [path.join(ROOT, 'core/pipeline/definition-error.ts')]);
  assert.ok(require.cache[path.join(ROOT, 'core/index.ts')], "'sluice' is core/index.ts, loaded once");
});

test('a DefinitionError thrown in a project module is the CLI’s own class (one module instance)', async () => {
  const dir = await project({
    ...CONFIG,
    'pipelines/index.ts': `import { definePipeline } from ${SLUICE_API};
${csvPipeline('orders').replace(/^import .*$/m, '')}
let thrown: unknown;
try { definePipeline({ name: 'x', description: '', owner: 'o', steps: [] }); } catch (err) { thrown = err; }
export const caught = thrown;
export default [orders];
`,
  });
  const loaded = await loadProject(dir);
  const module = require.cache[loaded.pipelinesFile]?.exports as { caught?: unknown } | undefined;
  assert.ok(module?.caught instanceof DefinitionError, String(module?.caught));
});

test('the catalog may be the default export (array or Map), a `pipelines` array or a `catalog` Map', async () => {
  const forms = {
    'export default [orders];': 'default array',
    "export default new Map([['orders', orders]]);": 'default Map',
    'export const pipelines = [orders];': 'pipelines',
    "export const catalog = new Map([['orders', orders]]);": 'catalog',
  };
  for (const [line, form] of Object.entries(forms)) {
    const dir = await project({ ...CONFIG, 'pipelines/index.ts': `${csvPipeline('orders')}\n${line}\n` });
    assert.deepEqual([...(await loadProject(dir)).catalog.keys()], ['orders'], form);
  }
});

test('a catalog Map keyed by something other than a name is refused for its key (found by fuzzing)', () => {
  // String(key) of an object without a prototype threw a TypeError, and the project failed to load with it.
  const orders = {
    name: 'orders',
    description: 'd',
    owner: 'o',
    steps: [{ kind: 'fetch', id: 'fetch_orders', source: { kind: 'file', path: 'o.csv', format: 'csv' } }],
  };
  const { problems } = catalogFromExports({ default: new Map([[Object.create(null) as object, orders]]) });
  assert.deepEqual(problems, [
    'the default export entry an object holds pipeline "orders"; key a catalog by each pipeline\'s name',
  ]);
});

test('the config names the pipelines module; a plain object without defineConfig is checked the same', async () => {
  const dir = await project({
    'sluice.config.mjs': `export default { pipelines: './src/catalog' };\n`,
    'src/catalog.ts': `${csvPipeline('orders')}\nexport default [orders];\n`,
  });
  const loaded = await loadProject(dir);
  assert.equal(loaded.pipelinesFile, path.join(dir, 'src/catalog.ts'));
  assert.equal(loaded.configFile, path.join(dir, 'sluice.config.mjs'));
});

test("the config's schema holds the tables named without one; a qualified name stays where it says", async () => {
  const dir = await project({
    'sluice.config.ts': `export default { schema: 'analytics' };\n`,
    'pipelines/index.ts': `${csvPipeline('orders')}
import { definePipeline } from ${SLUICE_API};
const audit = definePipeline({
  name: 'audit',
  description: 'audit rows',
  owner: 'tests',
  steps: [
    { kind: 'fetch', id: 'fetch_audit', source: { kind: 'file', path: 'a.csv', format: 'csv' } },
    {
      kind: 'load',
      id: 'load_audit',
      input: 'fetch_audit',
      target: { table: 'ops.audit', mode: 'append', columns: [{ name: 'order_id', type: 'bigint' }] },
      checks: [{ kind: 'relationships', column: 'order_id', to: 'orders_fct', field: 'id' }],
    },
  ],
});
export default [orders, audit];
`,
  });
  const { catalog, config } = await loadProject(dir);
  assert.equal(config.schema, 'analytics');
  const loadOf = (pipeline: string) => {
    const step = catalog.get(pipeline)?.steps.find((s) => s.kind === 'load');
    assert.ok(step?.kind === 'load');
    return step;
  };
  assert.equal(loadOf('orders').target.table, 'analytics.orders_fct');
  assert.equal(loadOf('audit').target.table, 'ops.audit');
  assert.deepEqual(loadOf('audit').checks?.[0], {
    kind: 'relationships',
    column: 'order_id',
    to: 'analytics.orders_fct',
    field: 'id',
  });
});

test('a syntax error names the file, line and column', async () => {
  const problems = await problemsOf({
    ...CONFIG,
    'pipelines/index.ts': `export default [\n  { name: 'a',, },\n];\n`,
  });
  assert.deepEqual(problems, ['pipelines/index.ts:2:15: syntax error: Expected identifier but found ","']);
});

test('a module not found names the importing file and line, and the module', async () => {
  const problems = await problemsOf({
    ...CONFIG,
    'pipelines/index.ts': `import { orders } from './orders';\n\nexport default [orders];\n`,
  });
  assert.equal(problems.length, 1);
  assert.match(
    problems[0]!,
    /^pipelines\/index\.ts:1:\d+: Cannot find module '\.\/orders': check the import path/,
  );
});

test('a pipelines module without pipelines names what it does export and what to export', async () => {
  const problems = await problemsOf({
    ...CONFIG,
    'pipelines/index.ts': `${csvPipeline('orders')}\nexport const helper = 1;\n`,
  });
  assert.deepEqual(problems, [
    'pipelines/index.ts: exports no pipelines (it exports helper, orders); export default [ordersCsv, …] (definePipeline results, or a Map of them by name), or a named `pipelines` array or `catalog` Map',
  ]);
});

test('duplicate names, entries that are no definitions, Map keys that lie: every one listed', async () => {
  const problems = await problemsOf({
    ...CONFIG,
    'pipelines/a.ts': csvPipeline('orders', 'first'),
    'pipelines/b.ts': csvPipeline('orders', 'second'),
    'pipelines/index.ts': `import { first } from './a';
import { second } from './b';
export default new Map<string, unknown>([['orders', first], ['again', second], ['nothing', undefined]]);
`,
  });
  assert.deepEqual(problems, [
    'pipelines/index.ts: the default export entry "again" holds pipeline "orders"; key a catalog by each pipeline\'s name',
    'pipelines/index.ts: pipeline name "orders" is used twice (the default export entry "again" and an earlier entry); names must be unique',
    'pipelines/index.ts: the default export entry "nothing" is not a pipeline definition (got undefined); export each definePipeline result and list it here',
  ]);
});

test('every problem at once: definition errors in two files, a syntax error in a third, with their lines', async () => {
  const problems = await problemsOf({
    ...CONFIG,
    'pipelines/bad-name.ts': `import { definePipeline } from ${SLUICE_API};
export const badName = definePipeline({ name: 'Bad', description: 'd', owner: 'o', steps: [] });
`,
    'pipelines/no-owner.ts': `import { definePipeline } from ${SLUICE_API};

export const noOwner = definePipeline({ name: 'no_owner', description: 'd', owner: '', steps: [] });
`,
    'pipelines/broken.ts': `export const broken = {\n  oops\n`,
    'pipelines/good.ts': csvPipeline('good'),
    'pipelines/index.ts': `import { badName } from './bad-name';
import { noOwner } from './no-owner';
import { broken } from './broken';
import { good } from './good';
export default [badName, noOwner, broken, good];
`,
  });
  assert.deepEqual(problems, [
    'pipelines/bad-name.ts:2:24: pipeline "Bad": name "Bad" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters',
    'pipelines/bad-name.ts:2:24: pipeline "Bad": steps must list at least one step',
    'pipelines/no-owner.ts:3:24: pipeline "no_owner": owner is required: a team or person to contact',
    'pipelines/no-owner.ts:3:24: pipeline "no_owner": steps must list at least one step',
    'pipelines/broken.ts:3:1: syntax error: Expected "}" but found end of file',
  ]);
});

test('a config that is not usable: every problem, with defineConfig’s file and line', async () => {
  assert.deepEqual(
    await problemsOf({
      'sluice.config.ts': `import { defineConfig } from ${SLUICE_API};

export default defineConfig({ taskQueue: '', dev: { run: 'orders' }, schedule: 1 } as never);
`,
    }),
    [
      'sluice.config.ts:3:16: unknown key "schedule"; a config may set pipelines, taskQueue, namespace, schema, dev',
      'sluice.config.ts:3:16: taskQueue must be a non-empty string, got ""',
      `sluice.config.ts:3:16: dev.run must list pipeline names, like ['orders_csv'], got "orders"`,
    ],
  );
  assert.deepEqual(await problemsOf({ 'sluice.config.ts': `export default { namespace: 7 };\n` }), [
    'sluice.config.ts: namespace must be a non-empty string, got 7',
  ]);
  assert.deepEqual(await problemsOf({ 'sluice.config.ts': `export const config = {};\n` }), [
    "sluice.config.ts: has no default export; export default defineConfig({ … }) (defineConfig from 'sluice')",
  ]);
});

test('a pipelines module that is not there, two config files, an unknown dev.run pipeline', async () => {
  const missing = await problemsOf(CONFIG);
  assert.equal(missing.length, 1);
  assert.match(
    missing[0]!,
    /^sluice\.config\.ts: pipelines names "\.\/pipelines\/index\.ts", and no module is there/,
  );
  assert.deepEqual(await problemsOf({ ...CONFIG, 'sluice.config.js': 'module.exports = {};\n' }), [
    'sluice.config.ts and sluice.config.js are both here; keep one',
  ]);
  assert.deepEqual(
    await problemsOf({
      'sluice.config.ts': `export default { dev: { run: ['orders', 'nope'] } };\n`,
      'pipelines/index.ts': `${csvPipeline('orders')}\nexport default [orders];\n`,
    }),
    ['sluice.config.ts: dev.run names "nope", not in the catalog; known pipelines: orders'],
  );
});

test('another installed Sluice version: a warning naming both, not an error', async () => {
  const running = runningSluiceVersion();
  const files = { ...CONFIG, 'pipelines/index.ts': `${csvPipeline('orders')}\nexport default [orders];\n` };
  const installed = await project({
    ...files,
    'node_modules/sluice/package.json': JSON.stringify({ name: 'sluice', version: '0.0.1' }),
  });
  const [warning, ...more] = (await loadProject(installed)).warnings;
  assert.deepEqual(more, []);
  assert.match(
    warning!,
    new RegExp(
      `uses Sluice 0\\.0\\.1 \\(${installed}/node_modules/sluice/package\\.json\\) but Sluice ${running} is running`,
    ),
  );
  const pinned = await project({
    ...files,
    'package.json': JSON.stringify({ dependencies: { sluice: '9.9.9' } }),
  });
  assert.match((await loadProject(pinned)).warnings[0]!, /uses Sluice 9\.9\.9 .* but Sluice .* is running/);
  const same = await project({
    ...files,
    'package.json': JSON.stringify({ dependencies: { sluice: running } }),
  });
  assert.deepEqual((await loadProject(same)).warnings, []);
  const ranged = await project({
    ...files,
    'package.json': JSON.stringify({ dependencies: { sluice: '^0.0.1' } }),
  });
  assert.deepEqual((await loadProject(ranged)).warnings, [], 'a range alone says nothing certain');
});
