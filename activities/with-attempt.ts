// Wraps a step activity so its result, and its failure, say which attempt it was (and whether another may help).
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { StepInput, StepResult } from '../core/run/run-types';
import { uncaughtStepFailure } from './step-failure';

/** Failure details carry `{ attempt }`, so the workflow can report attempts even for failed steps. */
export function withAttempt(activity: (input: StepInput) => Promise<StepResult>) {
  return async (input: StepInput): Promise<StepResult> => {
    const { attempt } = Context.current().info;
    try {
      return { ...(await activity(input)), attempt };
    } catch (err) {
      // Cancellation must reach the worker as such, or Temporal would see a failed, retryable attempt.
      if (
        !(err instanceof Error) ||
        Context.current().cancellationSignal.aborted ||
        err instanceof CancelledFailure
      )
        throw err;
      const judged = err instanceof ApplicationFailure ? err : uncaughtStepFailure(err, input);
      const failure = judged instanceof ApplicationFailure ? judged : undefined;
      throw ApplicationFailure.create({
        message: judged.message,
        type: failure?.type ?? err.name,
        nonRetryable: failure?.nonRetryable ?? false,
        ...(failure?.nextRetryDelay ? { nextRetryDelay: failure.nextRetryDelay } : {}),
        details: [{ attempt }],
        cause: err,
      });
    }
  };
}
