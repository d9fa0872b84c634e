// `npm run soak`: the reliability suite's long form (more rows and kills, 30-second outages at every step),
// then 200 runs back to back with worker kills. Each setting can be overridden from the environment.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const defaults = {
  SLUICE_RELIABILITY_ROWS: '300000',
  SLUICE_HTTP_ROWS: '100000',
  SLUICE_OUTAGE_SECONDS: '30',
  SLUICE_OUTAGE_EVERY_STEP: 'true',
  SLUICE_KILLS_PER_STEP: '2',
  SLUICE_SOAK_RUNS: '200',
};
const env = { ...defaults, ...process.env };
const reliability = path.join('tests', 'reliability');
const files = readdirSync(path.join(root, reliability))
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => path.join(reliability, name));
const result = spawnSync(
  process.execPath,
  ['scripts/test.mjs', ...files, path.join(reliability, 'soak-runs.ts')],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
