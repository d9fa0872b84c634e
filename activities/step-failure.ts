// Builds the terminal failures activities raise: typed, non-retryable, naming the pipeline, step and run.
import { ApplicationFailure } from '@temporalio/common';
import type { TerminalErrorType } from '../core/run/error-types';
import type { StepInput } from '../core/run/run-types';

/** A failure that retrying cannot fix; `action` tells the reader what to do next. */
export function terminalFailure(type: TerminalErrorType, input: StepInput, problem: string, action: string) {
  return ApplicationFailure.create({
    type,
    nonRetryable: true,
    message: `${input.pipeline}/${input.step} (run ${input.workflowId}): ${problem}. ${action}`,
  });
}
