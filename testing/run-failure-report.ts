// The message a failed test run rejects with: why it failed, then every step's outcome as plain lines.
import type { RunState, StepState } from '../core/run/run-state';

/**
 * The run's own failure message (naming the run), then a line per step: status, rows, and why a step was
 * skipped or failed (a failed step's error is in the first line already).
 */
export function runFailureReport(workflowId: string, reason: string, state: RunState | undefined): string {
  const steps = state?.steps ?? [];
  const width = Math.max(0, ...steps.map((s) => s.id.length));
  const first = reason.includes(workflowId) ? reason : `run ${workflowId}: ${reason}`;
  return [first, ...steps.map((s) => `  ${stepLine(s, width, reason)}`)].join('\n');
}

function stepLine(step: StepState, width: number, reason: string): string {
  const rows =
    step.rowsIn === undefined
      ? ''
      : ` in ${step.rowsIn} out ${step.rowsOut ?? 0} rejected ${step.rowsRejected ?? 0}`;
  const why = step.lastError && !reason.includes(step.lastError) ? `  ${step.lastError}` : '';
  return `${step.id.padEnd(width)}  ${step.kind.padEnd(9)} ${step.status.padEnd(9)}${rows}${why}`.trimEnd();
}

/** The step table a RunFailedError carries, when it is one. */
export function asRunState(value: unknown): RunState | undefined {
  return typeof value === 'object' && value !== null && Array.isArray((value as RunState).steps)
    ? (value as RunState)
    : undefined;
}
