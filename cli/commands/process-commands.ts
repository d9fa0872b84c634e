// `sluice worker` and `sluice dev`: run a worker from the environment, or the whole embedded dev stack.
import type { Command } from 'commander';

export function registerProcessCommands(program: Command): void {
  program
    .command('worker')
    .description('run a worker (TEMPORAL_ADDRESS, DATABASE_URL, SLUICE_TASK_QUEUE, ...) until SIGTERM')
    .action(async () => {
      const { runWorker } = await import('../../workers/run-worker.js');
      await releasingRuntime(() => runWorker(process.env));
    });
  program
    .command('dev')
    .description('the embedded dev stack with a worker and one example run, as `npm start`')
    .option('--once', 'exit after the example run (exit 0 only if it succeeded)')
    .action(async (flags: { once?: boolean }) => {
      const { runDev } = await import('../run-dev.js');
      process.exitCode = await releasingRuntime(() => runDev({ once: Boolean(flags.once) }));
    });
}

/** Runs a command that installs the Temporal runtime, and ends the runtime however the command ends. */
async function releasingRuntime<T>(command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } finally {
    const { releaseRuntime } = await import('../../workers/runtime.js');
    await releaseRuntime();
  }
}
