// A load step: writes one dataset into its PostgreSQL target, exactly once.
import type { StepCommon } from '../pipeline/step-common';
import type { LoadTarget } from './load-target';

export interface LoadStep extends StepCommon {
  kind: 'load';
  /** The step whose dataset this load writes. */
  input: string;
  target: LoadTarget;
}
