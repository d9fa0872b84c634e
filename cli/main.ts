// The `sluice` CLI: every command, and one place that turns errors into messages and exit codes.
import { CommanderError } from 'commander';
import { exitCodeFor } from './exit-codes';
import { keepExitCode } from './keep-exit-code';
import { sluiceProgram } from './program';
import { terminalJson, terminalText } from './terminal-text';
import { RunFailedError } from '../client/run-errors';

keepExitCode();

function fail(err: unknown): void {
  const code = exitCodeFor(err);
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : code; // --help and --version exit 0
    return;
  }
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  const message = err instanceof Error ? `${err.message}${cause}` : String(err);
  if (process.argv.includes('--json')) {
    const state = err instanceof RunFailedError ? { state: err.state } : {};
    process.stdout.write(
      `${terminalJson({ error: { code, type: (err as Error).name, message, ...state } })}\n`,
    );
  }
  process.stderr.write(`sluice: ${terminalText(message, { keepNewlines: true })}\n`);
  process.exitCode = code;
}

sluiceProgram().parseAsync(process.argv).catch(fail);
