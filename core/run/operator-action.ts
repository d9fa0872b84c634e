// An operator's action on a run and who took it, as the status query shows it and sluice.operator_actions keeps it.
import type { StepActionKind } from './messages';

export type OperatorActionKind = 'pause' | 'resume' | 'cancel' | 'approve' | StepActionKind;

/** What a client sends with a signal or update: who acts (its identity: SLUICE_ACTOR, else user@host). */
export interface ActedBy {
  actor?: string;
}

export interface OperatorAction {
  action: OperatorActionKind;
  /** The step acted on (retry, skip, abort, approve). */
  step?: string;
  actor: string;
  /** Workflow time, ISO 8601. */
  at: string;
}

/** Recorded for a signal that names no actor: one sent by hand, from the Temporal Web UI or CLI. */
export const UNKNOWN_ACTOR = 'unknown (sent without an actor)';

/** Longer names are cut: an actor comes from whoever can signal the run. */
const MAX_ACTOR_LENGTH = 200;

/** The actor as recorded: the name sent, trimmed and cut, else UNKNOWN_ACTOR. */
export function actorOf(acted: ActedBy | undefined): string {
  const actor = typeof acted?.actor === 'string' ? acted.actor.trim().slice(0, MAX_ACTOR_LENGTH) : '';
  return actor || UNKNOWN_ACTOR;
}
