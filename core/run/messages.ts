// Queries, signals and updates a run answers: shared by the workflow and the client.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActedBy } from './operator-action';
import type { RunState } from './run-state';

/** What an operator can do to a parked (failed) step; 'abort' on a waiting gate rejects it. */
export type StepActionKind = 'retry' | 'skip' | 'abort';

export interface StepAction extends ActedBy {
  step: string;
  action: StepActionKind;
}

export interface GateApproval extends ActedBy {
  step: string;
}

export const statusQuery = defineQuery<RunState>('status');
export const pauseSignal = defineSignal<[ActedBy?]>('pause');
export const resumeSignal = defineSignal<[ActedBy?]>('resume');
/** Sent just before Temporal's cancellation request (which carries no actor the workflow can read). */
export const cancellingSignal = defineSignal<[ActedBy]>('cancelling');

/** The update gives the CLI immediate feedback; the signal lets a person do the same from the Temporal UI. */
export const stepActionUpdate = defineUpdate<RunState, [StepAction]>('stepAction');
export const stepActionSignal = defineSignal<[StepAction]>('stepAction');

export const approveUpdate = defineUpdate<RunState, [GateApproval]>('approve');
export const approveSignal = defineSignal<[GateApproval]>('approve');
