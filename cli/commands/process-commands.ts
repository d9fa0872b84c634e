// `sluice worker` and `sluice dev`: run a worker for the project, or the whole embedded dev stack with it.
import type { Command } from 'commander';
import type * as RunWorkerModule from '../../workers/run-worker';
import type * as RunDevModule from '../run-dev';
import { projectEnv } from '../../project/project-env';
import { runnableCliProject } from '../cli-project';

/**
 * The worker and the dev stack load only for the commands that run them (the SDK's native worker and
 * embedded PostgreSQL are slow to load, and the latter hooks process exit). By `require`, not `import()`:
 * a dynamic import would go through the ESM loader and load a second copy of every module it reaches (so
 * the CLI would not recognise that copy's errors), and fails outright where only tsx's CommonJS hook runs.
 */
function loadLazily<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  return require(id) as T;
}

export function registerProcessCommands(program: Command): void {
  program
    .command('worker')
    .description(
      "run a worker for the project's pipelines (TEMPORAL_ADDRESS, DATABASE_URL, ...) until SIGTERM",
    )
    .action(async () => {
      const project = await runnableCliProject();
      const { runWorker } = loadLazily<typeof RunWorkerModule>('../../workers/run-worker');
      await runWorker({
        env: projectEnv(process.env, project.config),
        catalog: project.catalog,
        baseDir: project.dir,
      });
    });
  program
    .command('dev')
    .description(
      "the embedded dev stack with a worker and one run of the project's dev.run pipelines, as `npm start`",
    )
    .option('--once', 'exit after the dev.run pipelines ran (exit 0 only if they succeeded)')
    .action(async (flags: { once?: boolean }) => {
      const project = await runnableCliProject();
      const { runDev } = loadLazily<typeof RunDevModule>('../run-dev');
      process.exitCode = await runDev({ once: Boolean(flags.once), project });
    });
}
