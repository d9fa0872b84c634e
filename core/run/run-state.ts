// The live state of a run as the status query, the UI details and the final summary report it.
import type { StepKind } from '../pipeline/step-definitions';
import type { OperatorAction } from './operator-action';
import type { CheckOutcome, DatasetRef } from './run-types';

/**
 * pending → running → succeeded | failed | skipped.
 * waiting: a gate awaiting approval. parked: failed with onFailure 'wait', awaiting retry, skip or abort.
 */
export type StepStatus = 'pending' | 'running' | 'waiting' | 'parked' | 'succeeded' | 'failed' | 'skipped';

export type RunStatus = 'running' | 'paused' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export interface StepState {
  id: string;
  kind: StepKind;
  status: StepStatus;
  /** Activity attempts so far, over every operator retry. */
  attempts: number;
  startedAt?: string;
  endedAt?: string;
  rowsIn?: number;
  rowsOut?: number;
  rowsRejected?: number;
  /** Why the step failed or was skipped. */
  lastError?: string;
  output?: DatasetRef;
  alreadyLoaded?: boolean;
  checks?: CheckOutcome[];
  proposedWatermark?: string;
}

export interface RunState {
  pipeline: string;
  partition?: string;
  status: RunStatus;
  paused: boolean;
  steps: StepState[];
  /** Operators' actions and gate approvals so far, oldest first; absent until there is one. */
  actions?: OperatorAction[];
}

const FINISHED: readonly StepStatus[] = ['succeeded', 'failed', 'skipped'];

export const isFinished = (status: StepStatus): boolean => FINISHED.includes(status);
