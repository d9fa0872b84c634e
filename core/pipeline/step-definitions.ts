// The union of step kinds a pipeline author writes; each kind's shape lives in its own folder.
import type { FetchStep } from '../fetch/fetch-step';
import type { GateStep } from '../gate/gate-step';
import type { LoadStep } from '../load/load-step';
import type { TransformStep } from '../transform/transform-step';
import type { ValidateStep } from '../validate/validate-step';

export type { FetchStep, IncrementalSpec } from '../fetch/fetch-step';
export type { GateStep, GateTimeoutAction } from '../gate/gate-step';
export type { LoadStep } from '../load/load-step';
export type { OnFailure, RetrySpec, StepCommon, TimeoutSpec } from './step-common';
export type {
  RowTransform,
  RowTransformStep,
  SqlTransformStep,
  TransformContext,
  TransformStep,
} from '../transform/transform-step';
export type { ValidateStep } from '../validate/validate-step';

export type StepDefinition = FetchStep | ValidateStep | TransformStep | LoadStep | GateStep;

export type StepKind = StepDefinition['kind'];
