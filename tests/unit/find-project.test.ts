// findProjectDir: --project, then SLUICE_PROJECT, then the first folder from cwd upward with a sluice.config.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { findProjectDir } from '../../project/find-project';
import { ProjectNotFoundError } from '../../project/project-not-found-error';

let root: string;
let project: string;
let deep: string;
let other: string;

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sluice-find-'));
  project = path.join(root, 'warehouse');
  deep = path.join(project, 'pipelines', 'orders');
  other = path.join(root, 'other');
  await mkdir(deep, { recursive: true });
  await mkdir(other);
  await writeFile(path.join(project, 'sluice.config.ts'), 'export default {};\n');
  await writeFile(path.join(other, 'sluice.config.mjs'), 'export default {};\n');
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('searches from the working directory upward to the first folder with a config', () => {
  assert.equal(findProjectDir({ cwd: deep, env: {} }), project);
  assert.equal(findProjectDir({ cwd: project, env: {} }), project);
  assert.equal(findProjectDir({ cwd: other, env: {} }), other, 'sluice.config.mjs counts too');
});

test('--project wins over SLUICE_PROJECT, which wins over the search; relative names start at cwd', () => {
  assert.equal(findProjectDir({ cwd: deep, project: other, env: { SLUICE_PROJECT: project } }), other);
  assert.equal(findProjectDir({ cwd: deep, env: { SLUICE_PROJECT: other } }), other);
  assert.equal(findProjectDir({ cwd: root, project: 'other', env: {} }), other);
  assert.equal(findProjectDir({ cwd: root, env: { SLUICE_PROJECT: 'warehouse' } }), project);
});

test('a named folder without a config is refused, naming who named it', () => {
  assert.throws(
    () => findProjectDir({ cwd: root, project: 'warehouse/pipelines', env: {} }),
    (err: unknown) => {
      assert.ok(err instanceof ProjectNotFoundError);
      assert.match(
        err.message,
        new RegExp(`--project names ${path.join(project, 'pipelines')}, which holds no sluice\\.config\\.ts`),
      );
      assert.match(err.message, /sluice init/);
      return true;
    },
  );
  assert.throws(
    () => findProjectDir({ cwd: root, env: { SLUICE_PROJECT: root } }),
    /SLUICE_PROJECT names .*which holds no sluice\.config\.ts/,
  );
});

test('nothing found: the message names every folder searched and how to make or name a project', async () => {
  const outside = path.join(root, 'elsewhere', 'deeper');
  await mkdir(outside, { recursive: true });
  assert.throws(
    () => findProjectDir({ cwd: outside, env: {} }),
    (err: unknown) => {
      assert.ok(err instanceof ProjectNotFoundError);
      assert.deepEqual(err.searched.slice(0, 3), [outside, path.dirname(outside), root]);
      assert.equal(err.searched.at(-1), path.parse(root).root);
      for (const folder of err.searched) assert.ok(err.message.includes(folder), folder);
      assert.match(err.message, /Run `sluice init` to create a project, or pass --project <dir>/);
      return true;
    },
  );
});
