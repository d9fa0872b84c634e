// A transform step: a TypeScript function over row batches, or a SQL SELECT over its inputs.
import type { StepCommon } from '../pipeline/step-common';

/** What a row transform sees besides its rows. */
export interface TransformContext {
  partition?: string;
  params: Record<string, string>;
}

/**
 * A function over one batch of rows; it may drop, reshape or add rows. An error it throws fails the step
 * without retries, unless the error says a retry may help: `retryable: true`, or a network error (ECONNRESET…).
 */
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
