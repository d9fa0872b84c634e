// The typed shapes a pipeline author writes: one definition per step kind.
import type { CheckSpec } from './check-spec';
import type { ContractRef } from './contract-ref';
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
  /** Dataset checks over the step's output (for a load: over the rows it wrote). */
  checks?: CheckSpec[];
}

/** Fetch only records newer than the last committed watermark. */
export interface IncrementalSpec {
  /** The record field that grows: an updated_at timestamp, an increasing id. */
  cursorField: string;
  /** The watermark before the first run; every record is new when unset. */
  initial?: string;
}

export interface FetchStep extends StepCommon {
  kind: 'fetch';
  source: SourceSpec;
  /**
   * Incremental fetch: records whose cursorField is not above the watermark are dropped (HTTP sources
   * may also send it, as `{{watermark}}` in params). The fetch proposes the highest value it saw; the
   * load that writes the data commits it in the same transaction, so it never moves before the data.
   */
  incremental?: IncrementalSpec;
}

export interface LoadStep extends StepCommon {
  kind: 'load';
  /** The step whose dataset this load writes. */
  input: string;
  target: LoadTarget;
}

export interface ValidateStep extends StepCommon {
  kind: 'validate';
  /** The step whose dataset is validated. */
  input: string;
  contract: ContractRef;
  /** Above this share of invalid rows the step fails non-retryably; default 0.05. */
  maxInvalidRatio?: number;
}

/** What a row transform sees besides its rows. */
export interface TransformContext {
  partition?: string;
  params: Record<string, string>;
}

/** A function over one batch of rows; it may drop, reshape or add rows. */
export type RowTransform = (
  rows: Record<string, unknown>[],
  context: TransformContext,
) => Record<string, unknown>[] | Promise<Record<string, unknown>[]>;

interface TransformCommon extends StepCommon {
  kind: 'transform';
  /** The steps whose datasets this transform reads. */
  inputs: string[];
}

/** A TypeScript function over row batches of its one input. */
export interface RowTransformStep extends TransformCommon {
  rows: RowTransform;
}

/** A SELECT over the inputs, materialized in PostgreSQL (like a dbt model); inputs are named `{{step_id}}`. */
export interface SqlTransformStep extends TransformCommon {
  sql: string;
}

export type TransformStep = RowTransformStep | SqlTransformStep;

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

export type StepDefinition = FetchStep | ValidateStep | TransformStep | LoadStep | GateStep;

export type StepKind = StepDefinition['kind'];
