// Checks an operator's request against the step table and applies it: retry, skip, abort, approve.
import type { GateApproval, StepAction } from '../core/run/messages';
import { SKIPPED_BY_OPERATOR, type StepTable } from './step-table';

/** Why the action cannot apply now, or undefined when it can. */
export function stepActionProblem(table: StepTable, { step, action }: StepAction): string | undefined {
  const state = table.states.get(step);
  if (!state) return `unknown step "${step}"; steps: ${[...table.states.keys()].join(', ')}`;
  if (!['retry', 'skip', 'abort'].includes(action))
    return `unknown action "${String(action)}"; use retry, skip or abort`;
  if (state.status === 'parked') return undefined;
  if (action === 'abort' && state.status === 'waiting') return undefined;
  return `step "${step}" is ${state.status}; only a failed step parked by onFailure 'wait' can be retried, skipped or aborted`;
}

export function applyStepAction(table: StepTable, { step, action }: StepAction): void {
  const state = table.state(step);
  if (action === 'retry') Object.assign(state, { status: 'pending', lastError: undefined });
  if (action === 'skip') Object.assign(state, { status: 'skipped', lastError: SKIPPED_BY_OPERATOR });
  if (action === 'abort') Object.assign(state, { status: 'failed', lastError: 'aborted by an operator' });
}

export function approvalProblem(table: StepTable, { step }: GateApproval): string | undefined {
  const state = table.states.get(step);
  if (!state) return `unknown step "${step}"; steps: ${[...table.states.keys()].join(', ')}`;
  if (state.kind !== 'gate') return `step "${step}" is a ${state.kind} step, not a gate`;
  if (state.status !== 'waiting') return `gate "${step}" is ${state.status}, not waiting for approval`;
  return undefined;
}
