// `sluice pause | resume | cancel <run>`, `retry | skip | abort <run> --step S`, `approve <run> --step S`.
import type { Command } from 'commander';
import type { StepActionKind } from '../../core/run/messages';
import { emit } from '../output';
import { stepTable } from '../tables';
import { withClient } from '../with-client';

const RUN_SIGNALS = {
  pause: 'stop starting new steps (running ones finish)',
  resume: 'start steps again after a pause',
  cancel: 'cancel the run: running activities stop, staging is dropped',
} as const;

const STEP_ACTIONS: Record<StepActionKind, string> = {
  retry: 'run a failed step again (the run parked it, onFailure: wait)',
  skip: 'skip a failed step; steps reading its data are skipped too',
  abort: 'give up on a failed step (or reject a waiting gate); the run fails',
};

export function registerControlCommands(program: Command): void {
  for (const [action, description] of Object.entries(RUN_SIGNALS) as [keyof typeof RUN_SIGNALS, string][]) {
    program
      .command(`${action} <run>`)
      .description(description)
      .option('--json', 'print one JSON document')
      .action((run: string, flags: { json?: boolean }) =>
        withClient(async (client) => {
          await client.runs[action](run);
          emit(flags, { workflowId: run, action, ok: true }, () => `${action}: sent to ${run}`);
        }),
      );
  }

  for (const [action, description] of Object.entries(STEP_ACTIONS) as [StepActionKind, string][]) {
    program
      .command(`${action} <run>`)
      .description(description)
      .requiredOption('--step <id>', 'the step to act on')
      .option('--json', 'print one JSON document')
      .action((run: string, flags: { step: string; json?: boolean }) =>
        withClient(async (client) => {
          const state = await client.runs.stepAction(run, flags.step, action);
          emit(flags, { workflowId: run, step: flags.step, action, state }, () => stepTable(state));
        }),
      );
  }

  program
    .command('approve <run>')
    .description('approve a gate step that waits for it')
    .requiredOption('--step <id>', 'the gate to approve')
    .option('--json', 'print one JSON document')
    .action((run: string, flags: { step: string; json?: boolean }) =>
      withClient(async (client) => {
        const state = await client.runs.approve(run, flags.step);
        emit(flags, { workflowId: run, step: flags.step, action: 'approve', state }, () => stepTable(state));
      }),
    );
}
