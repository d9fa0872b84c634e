// defineConfig: what a project's sluice.config.ts exports; checks the shape before any command uses it.
import { configProblems } from './config-problems';
import type { SluiceConfig } from './sluice-config';
import { SluiceConfigError } from './sluice-config-error';

export type { SluiceConfig } from './sluice-config';

/**
 * Checks and freezes a project's configuration; throws SluiceConfigError listing every problem.
 *
 * @example
 * export default defineConfig({ pipelines: './pipelines/index.ts', taskQueue: 'analytics' });
 */
export function defineConfig(config: SluiceConfig): SluiceConfig {
  const problems = configProblems(config);
  if (problems.length > 0) throw new SluiceConfigError(problems);
  return Object.freeze(config);
}
