// Builds the terminal failures activities raise: typed, non-retryable, naming the pipeline, step and run.
import { ApplicationFailure } from '@temporalio/common';
import type { TerminalErrorType } from '../core/run/error-types';
import type { StepInput } from '../core/run/run-types';
import { retryability } from './retryability';

/** The one way an activity raises a failure that retrying cannot fix; `message` says what to do next. */
export function terminal(type: TerminalErrorType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, nonRetryable: true, message });
}

/** A step's terminal failure; `action` tells the reader what to do next. */
export function terminalFailure(type: TerminalErrorType, input: StepInput, problem: string, action: string) {
  return terminal(type, `${input.pipeline}/${input.step} (run ${input.workflowId}): ${problem}. ${action}`);
}

/**
 * A plain error leaving a step, judged by the one classifier: what no retry can fix fails the step now.
 * Stages turn the errors they understand (their sources, their SQL, their targets) into precise failures
 * first; what still says `data` or `terminal` here came from Sluice's own statements (staging, quarantine,
 * ledger, watermarks, check results), which are right by construction, so the worker's database refused them.
 */
export function uncaughtStepFailure(err: Error, input: StepInput): Error {
  const judged = retryability(err);
  if (judged === 'data')
    return terminalFailure(
      'SluiceBadInput',
      input,
      `PostgreSQL cannot hold the step's data: ${err.message}`,
      'Fix the source data and start a new run',
    );
  if (judged === 'terminal')
    return terminalFailure(
      'SluiceDatabaseRefused',
      input,
      `PostgreSQL refused one of Sluice's own statements: ${err.message}`,
      "Check the worker role's grants (deploy/postgres/roles.sql) and that its migrations ran, then retry the step; " +
        'if both are right, report this as a Sluice bug',
    );
  return err;
}
