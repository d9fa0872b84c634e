// A validate step: judges a dataset against its data contract; bad rows go to quarantine.
import type { StepCommon } from '../pipeline/step-common';
import type { ContractRef } from './contract-ref';

export interface ValidateStep extends StepCommon {
  kind: 'validate';
  /** The step whose dataset is validated. */
  input: string;
  contract: ContractRef;
  /** Above this share of invalid rows the step fails non-retryably; default 0.05. */
  maxInvalidRatio?: number;
}
