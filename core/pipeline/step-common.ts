// The fields every step has, whatever its kind: id, dependencies, retries, timeouts, failure policy, checks.
import type { CheckSpec } from '../checks/check-spec';
import type { DurationSpec } from './durations';

/** Retry policy for a step's activity; defaults come from the pipeline, then from Sluice. */
export interface RetrySpec {
  initialInterval?: DurationSpec;
  backoffCoefficient?: number;
  maximumInterval?: DurationSpec;
  maximumAttempts?: number;
  nonRetryableErrorTypes?: string[];
}

/** Timeouts for a step's activity. */
export interface TimeoutSpec {
  startToClose?: DurationSpec;
  scheduleToClose?: DurationSpec;
  heartbeat?: DurationSpec;
}

/** What a failed step does to its run: fail it (default) or park it until an operator acts. */
export type OnFailure = 'fail' | 'wait';

/** Fields every step has. */
export interface StepCommon {
  /** `<action>_<subject>_<detail>`, e.g. `fetch_orders_api`. */
  id: string;
  /** Steps that must succeed first, besides those named as inputs. */
  needs?: string[];
  /** Shown in the Temporal UI next to the activity; defaults to the step id. */
  summary?: string;
  retry?: RetrySpec;
  timeouts?: TimeoutSpec;
  onFailure?: OnFailure;
  /** Dataset checks over the step's output (for a load: over the rows it wrote). */
  checks?: CheckSpec[];
}
