// `npm test`: typecheck, lint, format check, then every test file under tests/ on the real stack.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.ts') ? [path.relative(root, full)] : [];
  });
}

function run(label, command, args) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`\n${label} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status || 1);
  }
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
if (only.length === 0) {
  run('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  run('lint', bin('eslint'), ['.']);
  run('format', bin('prettier'), ['--check', '.']);
}
run('Temporal CLI', bin('tsx'), ['devstack/ensure-temporal.ts']);
const files = only.length > 0 ? only : testFiles(path.join(root, 'tests')).sort();
if (files.some((file) => file.endsWith('alert-rules.test.ts')))
  run('promtool', bin('tsx'), ['devstack/ensure-promtool.ts']);
run(`tests (${files.length} files)`, process.execPath, [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  ...files,
]);
