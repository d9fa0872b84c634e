// The `sluice` command line as a commander program: every command, built fresh for each parse (main.ts runs it).
import { Command } from 'commander';
import { registerBackfillCommand } from './commands/backfill-command';
import { registerCodecServerCommand } from './commands/codec-server-command';
import { registerControlCommands } from './commands/control-commands';
import { registerInitCommand } from './commands/init-command';
import { registerInspectCommands } from './commands/inspect-commands';
import { registerPipelinesCommand } from './commands/pipelines-command';
import { registerProcessCommands } from './commands/process-commands';
import { registerPreviewCommand } from './commands/preview-command';
import { registerRunCommand } from './commands/run-command';
import { registerScheduleCommands } from './commands/schedule-commands';
import { setProjectFlag } from './cli-project';

/** The program; it throws instead of exiting (exitOverride), so the caller decides what an error prints. */
export function sluiceProgram(): Command {
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
  return program;
}
