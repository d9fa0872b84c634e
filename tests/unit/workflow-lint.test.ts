// Lint keeps the workflow bundle pure and the layers pointing down: each fence is shown to fire.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleHits(code: string, file = 'workflows/run-pipeline.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

test('workflow code may not import Node built-ins, pg or pino', async () => {
  assert.equal((await ruleHits(`import fs from 'node:fs';\nexport const x = fs;\n`)).length, 1);
  assert.equal((await ruleHits(`import pg from 'pg';\nexport const x = pg;\n`)).length, 1);
  assert.equal(
    (await ruleHits(`import pino from 'pino';\nexport const x = pino;\n`, 'core/pipeline/names.ts')).length,
    1,
  );
});

test('workflow code may import activities as types only', async () => {
  assert.equal(
    (
      await ruleHits(
        `import { createActivities } from '../activities';\nexport const x = createActivities;\n`,
      )
    ).length,
    1,
  );
  assert.deepEqual(
    await ruleHits(
      `import type { SluiceActivities } from '../activities';\nexport type X = SluiceActivities;\n`,
    ),
    [],
  );
});

test('client and workers never import each other; both may use runtime', async () => {
  const use = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;
  assert.equal((await ruleHits(use('../workers/config'), 'client/sluice-client.ts')).length, 1);
  assert.equal((await ruleHits(use('../client/connect'), 'workers/worker.ts')).length, 1);
  assert.deepEqual(await ruleHits(use('../runtime/parse-env'), 'client/sluice-client.ts'), []);
  assert.deepEqual(await ruleHits(use('../runtime/parse-env'), 'workers/worker.ts'), []);
});

test('core imports no other layer, runtime nothing above it, and only the CLI reaches everything', async () => {
  const use = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;
  assert.equal((await ruleHits(use('../../runtime/logger'), 'core/pipeline/names.ts')).length, 1);
  assert.equal((await ruleHits(use('../workers/worker'), 'runtime/logger.ts')).length, 1);
  assert.equal((await ruleHits(use('../../workers/worker'), 'activities/fetch/fetch-activity.ts')).length, 1);
  assert.equal((await ruleHits(use('../cli/main'), 'devstack/dev-stack.ts')).length, 1);
  assert.deepEqual(await ruleHits(use('../workers/worker'), 'cli/run-dev.ts'), []);
});

test('project loading stands on core and runtime only; core knows nothing of it', async () => {
  const use = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;
  assert.equal((await ruleHits(use('../workers/worker'), 'project/load-project.ts')).length, 1);
  assert.equal((await ruleHits(use('../client/connect'), 'project/load-project.ts')).length, 1);
  assert.deepEqual(await ruleHits(use('../core/pipeline/catalog'), 'project/load-project.ts'), []);
  assert.equal((await ruleHits(use('../../project/load-project'), 'core/config/define-config.ts')).length, 1);
  assert.deepEqual(await ruleHits(use('../project/load-project'), 'cli/cli-project.ts'), []);
});

test('testing (it ships) reaches every layer but the CLI, never tests/; no layer imports it', async () => {
  const use = (spec: string) => `import { x } from '${spec}';\nexport const y = x;\n`;
  assert.deepEqual(await ruleHits(use('../workers/worker'), 'testing/test-worker.ts'), []);
  assert.deepEqual(await ruleHits(use('../devstack/dev-stack'), 'testing/test-stack.ts'), []);
  assert.equal((await ruleHits(use('../tests/support/test-stack'), 'testing/test-stack.ts')).length, 1);
  assert.equal((await ruleHits(use('../cli/main'), 'testing/test-stack.ts')).length, 1);
  assert.equal((await ruleHits(use('../testing'), 'workers/worker.ts')).length, 1);
  assert.equal(
    (await ruleHits(use('../../tests/support/run-process'), 'cli/init/init-project.ts')).length,
    1,
  );
});

test('the client may name workflow types but not import workflow code', async () => {
  assert.equal(
    (
      await ruleHits(
        `import { runPipeline } from '../workflows/run-pipeline';\nexport const y = runPipeline;\n`,
        'client/start-run.ts',
      )
    ).length,
    1,
  );
  assert.deepEqual(
    await ruleHits(
      `import type { RunSummary } from '../workflows/run-pipeline';\nexport type Y = RunSummary;\n`,
      'client/start-run.ts',
    ),
    [],
  );
});
