// Turns failed checks, or checks that cannot run, into the terminal error a step throws.
import type { ApplicationFailure } from '@temporalio/common';
import type { TerminalErrorType } from '../../core/run/error-types';
import type { StepInput } from '../../core/run/run-types';
import { terminalFailure } from '../step-failure';
import type { CheckResultSet } from './check-result';
import type { CheckRunError } from './check-run-error';

/** The type of the failure an error-severity check raises. */
export const CHECK_FAILED_ERROR_TYPE: TerminalErrorType = 'SluiceCheckFailed';

/** The failure to throw when an error-severity check failed; undefined when none did. */
export function checkFailure(input: StepInput, set: CheckResultSet): ApplicationFailure | undefined {
  const failed = set.results.filter((r) => r.status === 'fail');
  if (failed.length === 0) return undefined;
  const list = failed.map((r) => `${r.name}: ${r.message}`).join('; ');
  return terminalFailure(
    CHECK_FAILED_ERROR_TYPE,
    input,
    `${failed.length} of ${set.results.length} checks failed: ${list}`,
    "Fix the data at its source and start a new run, or change the checks (severity 'warn' only reports); " +
      `every result is in sluice.check_results (workflow_id '${input.workflowId}', step '${input.step}')`,
  );
}

/** The failure to throw when checks could not run: a bad definition, or values the check cannot read. */
export function checkRunFailure(input: StepInput, err: CheckRunError): ApplicationFailure {
  return err.reason === 'data'
    ? terminalFailure(
        'SluiceBadInput',
        input,
        err.message,
        'Fix the data, or point the check at a column of the right type',
      )
    : terminalFailure(
        'SluiceDefinitionError',
        input,
        err.message,
        "Fix the step's checks or the table they read",
      );
}
