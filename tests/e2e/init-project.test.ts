// `sluice init` before installing: what it writes and lists, what it refuses, a scaffold that typechecks.
// (Its own tests and `sluice dev --once`, from the tarball, are in user-project.test.ts.)
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, runProcess, startCommand } from '../support/run-process';

let tmp: string;
let project: string;
let created: { code: number | null; stdout: string; stderr: string };

/** The package's entry points the scaffold imports, as the TypeScript its compiled files come from. */
const SOURCE_EXPORTS = {
  '.': './core/index.ts',
  './testing': './testing/index.ts',
  './package.json': './package.json',
};

/**
 * Until the project installs the package, `sluice` resolves to this checkout: a package folder whose
 * entry points are the sources (linked, so Node loads each module from its one real path), plus the tools
 * the scaffold's scripts call (tsx, tsc, the `sluice` bin).
 */
async function linkSluice(dir: string): Promise<void> {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const sluice = path.join(dir, 'node_modules', 'sluice');
  await mkdir(sluice, { recursive: true });
  await writeFile(
    path.join(sluice, 'package.json'),
    JSON.stringify({ name: 'sluice', version, exports: SOURCE_EXPORTS }),
  );
  for (const folder of ['core', 'testing']) await symlink(path.join(ROOT, folder), path.join(sluice, folder));
  for (const tool of ['tsx', 'typescript', '@types/node']) {
    await mkdir(path.dirname(path.join(dir, 'node_modules', tool)), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules', tool), path.join(dir, 'node_modules', tool));
  }
  await mkdir(path.join(dir, 'node_modules', '.bin'));
  await symlink(path.join(ROOT, 'bin', 'sluice.js'), path.join(dir, 'node_modules', '.bin', 'sluice'));
  await symlink(
    path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    path.join(dir, 'node_modules', '.bin', 'tsc'),
  );
}

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sluice-init-e2e-'));
  // Open as a folder a person makes (mkdtemp's is private): embedded PostgreSQL, as root, runs as another user.
  await chmod(tmp, 0o755);
  project = path.join(tmp, 'my-pipelines');
  created = await runProcess(['bin/sluice.js', 'init', project], {});
  assert.equal(created.code, 0, created.stderr);
  await linkSluice(project);
});
after(() => rm(tmp, { recursive: true, force: true }));

test('init lists what it created and the commands to run next', () => {
  assert.ok(path.relative(ROOT, project).startsWith('..'), 'the project is outside the repository');
  const lines = created.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `Created a Sluice project in ${project}:`);
  for (const file of ['package.json', 'sluice.config.ts', 'pipelines/index.ts', 'tests/pipeline.test.ts'])
    assert.ok(lines.includes(`  ${file}`), file);
  assert.deepEqual(lines.slice(-5), [
    'Next:',
    `  cd ${project}`,
    '  npm install',
    '  npx sluice dev --once',
    '  npm test',
  ]);
});

test('init again into the project is refused with exit 2 and changes nothing', async () => {
  const before = statSync(path.join(project, 'package.json')).mtimeMs;
  const again = await runProcess(['bin/sluice.js', 'init', project], {});
  assert.equal(again.code, 2);
  assert.match(
    again.stderr,
    /is not empty \(it holds \.gitignore, README\.md, contracts, data, package\.json and 4 more\); nothing was written/,
  );
  assert.equal(statSync(path.join(project, 'package.json')).mtimeMs, before);
});

test('the scaffold typechecks under its own tsconfig', async () => {
  const tsc = await startCommand('npx', ['tsc', '-p', 'tsconfig.json'], {}, { cwd: project, group: true })
    .done;
  assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
});
