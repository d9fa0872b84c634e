// `npm run build` (and prepack): a clean dist/ with JavaScript, declarations, and the files the code reads at run time.
// With --if-missing (prepare) only when there is no dist/ yet: a git dependency's fresh clone gets built, while a
// checkout's every `npm install` does not compile again (its bin/sluice.js runs the sources anyway).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

/** Non-TypeScript files the compiled code opens beside itself (activities/db/migrate.ts reads its SQL). */
const ASSETS = [{ dir: 'activities/db/migrations', ext: '.sql' }];

if (process.argv.includes('--if-missing') && existsSync(dist)) process.exit(0);
rmSync(dist, { recursive: true, force: true }); // no stale output from a source file that no longer exists
const tsc = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const { dir, ext } of ASSETS) {
  const files = readdirSync(path.join(root, dir)).filter((name) => name.endsWith(ext));
  if (files.length === 0)
    throw new Error(`build: no ${ext} file in ${dir}; update ASSETS in scripts/build.mjs`);
  for (const name of files) cpSync(path.join(root, dir, name), path.join(dist, dir, name));
}
