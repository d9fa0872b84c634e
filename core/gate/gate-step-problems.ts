// Definition checks for a gate step: a positive timeout, a known timeout action, no retry policy.
import { toMilliseconds } from '../pipeline/durations';
import type { GateStep } from './gate-step';

export function gateProblems(step: GateStep): string[] {
  const problems: string[] = [];
  if (step.timeout !== undefined && !((toMilliseconds(step.timeout) ?? 0) > 0)) {
    problems.push(`timeout "${step.timeout}" is not a positive duration like '1h'`);
  }
  if (step.onTimeout !== undefined && step.onTimeout !== 'approve' && step.onTimeout !== 'reject') {
    problems.push(`onTimeout must be 'approve' or 'reject', got "${String(step.onTimeout)}"`);
  }
  if (step.retry) problems.push('a gate has no activity to retry; remove retry');
  return problems;
}
