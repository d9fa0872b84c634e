// The activity types a step runs as: the contract between the workflow and the worker's activities.
import type { StepInput, StepResult } from '../run/run-types';

export type StepActivityKind = 'fetch' | 'validate' | 'transform' | 'load';

export type StepActivities = Record<StepActivityKind, (input: StepInput) => Promise<StepResult>>;
