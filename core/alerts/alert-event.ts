// What a run tells an operator through a webhook: one event, named by an id no other event shares.

/** A run failed; a step parked for an operator; a gate waits for approval; an error-severity check failed. */
export type AlertKind = 'run_failed' | 'step_parked' | 'gate_waiting' | 'check_failed';

export interface AlertEvent {
  /** `<workflowId>/<runId>/<kind>/<step or run>/<n>`: the nth such event of that step in that run; the delivery's idempotency key. */
  id: string;
  kind: AlertKind;
  pipeline: string;
  partition?: string;
  /** The step concerned; for a failed run, its failed steps. */
  step?: string;
  reason: string;
  /** The run the event is about (the alert is delivered by a workflow of its own). */
  workflowId: string;
  runId: string;
}

/** The event's id from its parts; `occurrence` counts from 1 per run, kind and step. */
export function alertEventId(
  run: { workflowId: string; runId: string },
  kind: AlertKind,
  step: string | undefined,
  occurrence: number,
): string {
  return `${run.workflowId}/${run.runId}/${kind}/${step ?? 'run'}/${occurrence}`;
}
