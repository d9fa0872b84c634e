// Checks the shape of a project's configuration, listing every problem (the loader and defineConfig share it).
import { nameProblem } from '../pipeline/names';
import { CONFIG_KEYS } from './sluice-config';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmptyString = (value: unknown) => typeof value === 'string' && value.trim().length > 0;

/** Every problem with `config`; empty when it is a usable SluiceConfig. */
export function configProblems(config: unknown): string[] {
  if (!isRecord(config))
    return [
      `the config must be an object like defineConfig({ pipelines: './pipelines/index.ts' }), got ${describe(config)}`,
    ];
  const problems: string[] = [];
  for (const key of Object.keys(config)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key))
      problems.push(`unknown key "${key}"; a config may set ${CONFIG_KEYS.join(', ')}`);
  }
  for (const key of ['pipelines', 'taskQueue', 'namespace'] as const) {
    if (config[key] !== undefined && !nonEmptyString(config[key]))
      problems.push(`${key} must be a non-empty string, got ${describe(config[key])}`);
  }
  const schemaProblem = config.schema === undefined ? undefined : nameProblem(config.schema);
  if (schemaProblem) problems.push(`schema ${schemaProblem}`);
  problems.push(...devProblems(config.dev));
  return problems;
}

function devProblems(dev: unknown): string[] {
  if (dev === undefined) return [];
  if (!isRecord(dev)) return [`dev must be an object like { run: ['orders_csv'] }, got ${describe(dev)}`];
  const problems = Object.keys(dev)
    .filter((key) => key !== 'run')
    .map((key) => `unknown key "dev.${key}"; dev may set run`);
  if (dev.run !== undefined && !(Array.isArray(dev.run) && dev.run.every(nonEmptyString)))
    problems.push(`dev.run must list pipeline names, like ['orders_csv'], got ${describe(dev.run)}`);
  return problems;
}

function describe(value: unknown): string {
  if (typeof value === 'string' || Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
