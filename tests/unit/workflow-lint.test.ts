// Lint keeps the workflow bundle pure: Node built-ins, I/O libraries and value imports of activities fail.
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
    (await ruleHits(`import pino from 'pino';\nexport const x = pino;\n`, 'core/names.ts')).length,
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
