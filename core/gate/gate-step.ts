// A gate step: waits for an operator's approval before the steps after it run.
import type { DurationSpec } from '../pipeline/durations';
import type { StepCommon } from '../pipeline/step-common';

/** What an unanswered gate does when its timeout passes. */
export type GateTimeoutAction = 'approve' | 'reject';

/** Waits for an operator's approval before the steps after it run. */
export interface GateStep extends StepCommon {
  kind: 'gate';
  /** How long to wait; forever when unset. */
  timeout?: DurationSpec;
  /** Default 'reject': the gate fails (and with it the run, unless onFailure is 'wait'). */
  onTimeout?: GateTimeoutAction;
}
