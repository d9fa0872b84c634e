// The run's step-status table: which steps may start, and how each one stands.
import type { PipelinePlan, StepPlan } from '../core/pipeline/plan';
import { isFinished, type StepState } from '../core/run/run-state';
import type { DatasetRef } from '../core/run/run-types';

export class StepTable {
  readonly states: Map<string, StepState>;
  private readonly plans: Map<string, StepPlan>;

  constructor(plan: PipelinePlan) {
    this.plans = new Map(plan.steps.map((s) => [s.id, s]));
    this.states = new Map(
      plan.steps.map((s) => [s.id, { id: s.id, kind: s.kind, status: 'pending', attempts: 0 }]),
    );
  }

  plan(id: string): StepPlan {
    return this.plans.get(id) as StepPlan;
  }

  state(id: string): StepState {
    return this.states.get(id) as StepState;
  }

  list(): StepState[] {
    return [...this.states.values()];
  }

  allFinished(): boolean {
    return this.list().every((s) => isFinished(s.status));
  }

  count(status: StepState['status']): number {
    return this.list().filter((s) => s.status === status).length;
  }

  /**
   * Marks pending steps whose dependencies cannot succeed as skipped, then returns those ready to start.
   * A dependency skipped by an operator still lets steps that merely `need` it run, not those reading its data.
   */
  ready(): StepPlan[] {
    let changed = true;
    while (changed) {
      changed = false;
      for (const state of this.list()) {
        if (state.status !== 'pending') continue;
        const blocked = this.plan(state.id).needs.find((dep) => this.blocks(dep, state.id));
        if (blocked) {
          Object.assign(state, { status: 'skipped', lastError: `upstream step ${blocked} did not succeed` });
          changed = true;
        }
      }
    }
    return this.list()
      .filter((s) => s.status === 'pending' && this.plan(s.id).needs.every((dep) => this.satisfies(dep)))
      .map((s) => this.plan(s.id));
  }

  /** The datasets of the steps `id` depends on, by step id. */
  inputsFor(id: string): Record<string, DatasetRef> {
    return Object.fromEntries(
      this.plan(id).needs.flatMap((dep) => {
        const output = this.state(dep).output;
        return output ? [[dep, output]] : [];
      }),
    );
  }

  /** Every step `id` depends on, directly or through others. */
  ancestors(id: string): string[] {
    const found = new Set<string>();
    const visit = (step: string) => {
      for (const dep of this.plan(step).needs) {
        if (!found.has(dep)) {
          found.add(dep);
          visit(dep);
        }
      }
    };
    visit(id);
    return [...found];
  }

  private satisfies(dep: string): boolean {
    const state = this.state(dep);
    return (
      state.status === 'succeeded' || (state.status === 'skipped' && state.lastError === SKIPPED_BY_OPERATOR)
    );
  }

  private blocks(dep: string, reader: string): boolean {
    const state = this.state(dep);
    if (state.status === 'failed') return true;
    if (state.status !== 'skipped') return false;
    return state.lastError !== SKIPPED_BY_OPERATOR || this.plan(reader).inputs.includes(dep);
  }
}

/** The lastError of a step an operator skipped; its dependents that only need it may still run. */
export const SKIPPED_BY_OPERATOR = 'skipped by an operator';
