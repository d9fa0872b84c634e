// The `sluice` CLI: every command, and one place that turns errors into messages and exit codes.
import { Command, CommanderError } from 'commander';
import { registerBackfillCommand } from './commands/backfill-command';
import { registerCodecServerCommand } from './commands/codec-server-command';
import { registerControlCommands } from './commands/control-commands';
import { registerInitCommand } from './commands/init-command';
import { registerInspectCommands } from './commands/inspect-commands';
import { registerPipelinesCommand } from './commands/pipelines-command';
import { registerPreviewCommand } from './commands/preview-command';
import { registerProcessCommands } from './commands/process-commands';
import { registerRunCommand } from './commands/run-command';
import { registerScheduleCommands } from './commands/schedule-commands';
import { setProjectFlag } from './cli-project';
import { exitCodeFor } from './exit-codes';
import { keepExitCode } from './keep-exit-code';
import { terminalJson, terminalText } from './terminal-text';
import { RunFailedError } from '../client/run-errors';

keepExitCode();

const program = new Command('sluice')
  .description('Durable data pipelines on Temporal: start, watch and steer runs')
  .showHelpAfterError('(run `sluice --help` for usage)')
  .option(
    '--project <dir>',
    'the project folder (holding sluice.config.ts); default: SLUICE_PROJECT, else found from here upward',
  )
  .hook('preAction', (root) => setProjectFlag(root.opts<{ project?: string }>().project))
  .exitOverride();

registerRunCommand(program);
registerPreviewCommand(program);
registerInspectCommands(program);
registerControlCommands(program);
registerBackfillCommand(program);
registerScheduleCommands(program);
registerPipelinesCommand(program);
registerProcessCommands(program);
registerCodecServerCommand(program);
registerInitCommand(program);

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

program.parseAsync(process.argv).catch(fail);
