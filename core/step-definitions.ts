// The typed shapes a pipeline author writes: one definition per step kind.
import type { DurationSpec } from './durations';
import type { LoadTarget } from './load-target';
import type { SourceSpec } from './source-spec';

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
}

export interface FetchStep extends StepCommon {
  kind: 'fetch';
  source: SourceSpec;
}

export interface LoadStep extends StepCommon {
  kind: 'load';
  /** The step whose dataset this load writes. */
  input: string;
  target: LoadTarget;
}

export type StepDefinition = FetchStep | LoadStep;

export type StepKind = StepDefinition['kind'];
