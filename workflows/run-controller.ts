// A run's controls and visible state: handlers for queries, signals and updates, and what the UI shows.
import { condition, log, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  approveSignal,
  approveUpdate,
  cancellingSignal,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stepActionSignal,
  stepActionUpdate,
  type GateApproval,
  type StepAction,
} from '../core/run/messages';
import {
  actorOf,
  type ActedBy,
  type OperatorAction,
  type OperatorActionKind,
} from '../core/run/operator-action';
import type { PipelinePlan } from '../core/pipeline/plan';
import type { RunState, RunStatus } from '../core/run/run-state';
import type { RunPipelineInput } from '../core/run/run-types';
import { SluiceStatus } from '../core/run/search-attributes';
import { applyStepAction, approvalProblem, stepActionProblem } from './step-actions';
import { stepDetails } from './step-details';
import { StepTable } from './step-table';

const NOT_READY = 'the run is still resolving its plan; try again in a moment';

export class RunController {
  paused = false;
  cancelled = false;
  readonly approved = new Set<string>();
  /** Every operator action, oldest first; the first `recorded` are handed to the run records already. */
  private readonly actions: OperatorAction[] = [];
  private recorded = 0;
  private table?: StepTable;
  private version = 0;
  private publishedStatus?: RunStatus;
  private partition: string | undefined;

  /** Registers every handler at once, so queries and signals work from the run's first moment. */
  constructor(private readonly input: RunPipelineInput) {
    this.partition = input.partition;
    setHandler(statusQuery, () => this.snapshot());
    setHandler(pauseSignal, (acted) => this.setPaused(true, acted));
    setHandler(resumeSignal, (acted) => this.setPaused(false, acted));
    setHandler(cancellingSignal, (acted) => this.note('cancel', acted));
    setHandler(stepActionUpdate, (action) => this.act(action), {
      validator: (action) => this.refuse(this.table ? stepActionProblem(this.table, action) : NOT_READY),
    });
    setHandler(stepActionSignal, (action) => {
      const problem = this.table ? stepActionProblem(this.table, action) : NOT_READY;
      if (problem) log.warn('ignored step action signal', { action, problem });
      else this.act(action);
    });
    setHandler(approveUpdate, (approval) => this.approve(approval), {
      validator: (approval) => this.refuse(this.table ? approvalProblem(this.table, approval) : NOT_READY),
    });
    setHandler(approveSignal, (approval) => {
      const problem = this.table ? approvalProblem(this.table, approval) : NOT_READY;
      if (problem) log.warn('ignored approve signal', { approval, problem });
      else this.approve(approval);
    });
  }

  /** Called once the plan is known, with the partition the run works on (a scheduled run derives it). */
  attach(plan: PipelinePlan, partition: string | undefined): StepTable {
    this.partition = partition;
    this.table = new StepTable(plan);
    return this.table;
  }

  /** Wakes the run loop: something it waits on may have changed. */
  changed(): void {
    this.version += 1;
  }

  /** Resolves at the next change. */
  async nextChange(): Promise<void> {
    const seen = this.version;
    await condition(() => this.version !== seen);
  }

  status(): RunStatus {
    const table = this.table;
    if (this.cancelled) return 'cancelled';
    if (!table) return 'running';
    if (table.allFinished()) return table.count('failed') > 0 ? 'failed' : 'succeeded';
    if (table.count('parked') + table.count('waiting') > 0) return 'waiting';
    return this.paused ? 'paused' : 'running';
  }

  snapshot(): RunState {
    return {
      pipeline: this.input.pipeline,
      ...(this.partition ? { partition: this.partition } : {}),
      status: this.status(),
      paused: this.paused,
      steps: (this.table?.list() ?? []).map((s) => ({ ...s })),
      ...(this.actions.length ? { actions: this.actions.map((a) => ({ ...a })) } : {}),
    };
  }

  /** The run is being cancelled: a cancel from the Web UI, sent without the client's signal, is noted too. */
  markCancelled(): void {
    this.cancelled = true;
    if (!this.actions.some((a) => a.action === 'cancel')) this.note('cancel', undefined);
  }

  /** The actions not yet handed to the run records, each with its place in the run (from 1); marks them handed. */
  takeUnrecorded(): (OperatorAction & { seq: number })[] {
    const first = this.recorded;
    this.recorded = this.actions.length;
    return this.actions.slice(first).map((action, i) => ({ seq: first + i + 1, ...action }));
  }

  /** Search attribute (only when the status changed) and UI details: commands, no extra round trip. */
  publish(): void {
    const state = this.snapshot();
    if (state.status !== this.publishedStatus) {
      upsertSearchAttributes([{ key: SluiceStatus, value: state.status }]);
      this.publishedStatus = state.status;
    }
    setCurrentDetails(stepDetails(state));
  }

  private setPaused(paused: boolean, acted: ActedBy | undefined): void {
    this.paused = paused;
    this.note(paused ? 'pause' : 'resume', acted);
  }

  /** Keeps who did what (workflow time, so replay agrees) and wakes the run loop, which records it. */
  private note(action: OperatorActionKind, acted: ActedBy | undefined, step?: string): void {
    const at = new Date().toISOString();
    this.actions.push({ action, ...(step ? { step } : {}), actor: actorOf(acted), at });
    this.changed();
  }

  private refuse(problem: string | undefined): void {
    if (problem) throw new Error(problem);
  }

  private act(action: StepAction): RunState {
    applyStepAction(this.table as StepTable, action);
    this.note(action.action, action, action.step);
    return this.snapshot();
  }

  private approve(approval: GateApproval): RunState {
    this.approved.add(approval.step);
    this.note('approve', approval, approval.step);
    return this.snapshot();
  }
}
