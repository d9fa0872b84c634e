// `sluice.runs`: starts, inspects, steers and follows pipeline runs; needs no pipeline code.
import {
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  approveUpdate,
  cancellingSignal,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stepActionUpdate,
  type StepActionKind,
} from '../core/run/messages';
import type { RunState } from '../core/run/run-state';
import type { PreviewReport } from '../core/run/load-preview';
import type { PreviewOptions, Trigger } from '../core/run/run-types';
import { SluicePartition, SluicePipeline, SluiceStatus, SluiceTrigger } from '../core/run/search-attributes';
import type { RunSummary, runPipeline } from '../workflows/run-pipeline';
import { follow, type FollowOptions } from './follow';
import { PreviewRefusedError, RunFailedError, RunRefusedError, UnknownRunError } from './run-errors';
import { startRun } from './start-run';
import { visibilityQuery, type RunFilter } from './visibility-query';

export interface StartOptions {
  pipeline: string;
  partition?: string;
  params?: Record<string, string>;
  /** Default 'manual'. */
  trigger?: Trigger;
  /** Makes the run a preview: see `preview()`. */
  preview?: PreviewOptions;
}

export interface RunListing {
  workflowId: string;
  runId: string;
  pipeline?: string;
  partition?: string;
  trigger?: string;
  status?: string;
  temporalStatus: string;
  startTime: string;
  closeTime?: string;
}

type RunHandle = WorkflowHandle<typeof runPipeline>;

export class RunsClient {
  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
    /** Sent with every signal and update, so the run records who acted. */
    private readonly actor: string,
  ) {}

  /**
   * Starts a run as `sluice/<pipeline>/<partition>` (or `…/manual-<stamp>`); refuses with RunAlreadyRunningError
   * while that id runs.
   */
  async start(options: StartOptions): Promise<{ workflowId: string; runId: string }> {
    const handle = await startRun(this.temporal, {
      trigger: 'manual',
      ...options,
      taskQueue: this.taskQueue,
    });
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  }

  /**
   * Runs a preview to its end: a durable run whose loads write scratch tables, never their targets, ledger
   * or watermarks, and report what they would change. PreviewRefusedError when it was refused before
   * writing anything; RunFailedError when it failed (its step table says where).
   * @example const { loads } = await sluice.runs.preview({ pipeline: 'orders_csv', preview: { sample: 100 } });
   */
  async preview(options: StartOptions & { preview: PreviewOptions }): Promise<PreviewReport> {
    const { workflowId } = await this.start(options);
    try {
      const summary = await this.result(workflowId);
      return summary.preview as PreviewReport;
    } catch (err) {
      if (err instanceof RunFailedError && err.type === 'SluiceBadInput')
        throw new PreviewRefusedError(err.message);
      throw err;
    }
  }

  /** The live step table; for a closed run whose workers are gone, the table it ended with. */
  async status(workflowId: string): Promise<RunState> {
    const handle = await this.handle(workflowId);
    try {
      return await handle.query(statusQuery);
    } catch (err) {
      const closed = (await handle.describe()).status.name !== 'RUNNING';
      const final = closed ? await finalState(handle) : undefined;
      if (final) return final;
      throw err;
    }
  }

  /** Temporal's view of the run next to Sluice's step table. */
  async describe(workflowId: string) {
    const handle = await this.handle(workflowId);
    const description = await handle.describe();
    return {
      workflowId,
      runId: description.runId,
      temporalStatus: description.status.name,
      startTime: description.startTime.toISOString(),
      ...(description.closeTime ? { closeTime: description.closeTime.toISOString() } : {}),
      historyLength: description.historyLength,
      memo: description.memo ?? {},
      state: await this.status(workflowId),
    };
  }

  /** Recent runs matching `filter`, newest first, at most `limit`. */
  async list(filter: RunFilter = {}, limit = 20): Promise<RunListing[]> {
    const runs: RunListing[] = [];
    for await (const execution of this.temporal.workflow.list({
      query: visibilityQuery(filter),
      pageSize: limit,
    })) {
      const attrs = execution.typedSearchAttributes;
      const partition = attrs.get(SluicePartition);
      runs.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        ...optional('pipeline', attrs.get(SluicePipeline)),
        ...optional('partition', partition || undefined),
        ...optional('trigger', attrs.get(SluiceTrigger)),
        ...optional('status', attrs.get(SluiceStatus)),
        temporalStatus: execution.status.name,
        startTime: execution.startTime.toISOString(),
        ...optional('closeTime', execution.closeTime?.toISOString()),
      });
      if (runs.length >= limit) break;
    }
    return runs;
  }

  /** Waits for the run to end: its summary, or RunFailedError carrying the final step table. */
  async result(workflowId: string): Promise<RunSummary> {
    const handle = await this.handle(workflowId);
    try {
      return await handle.result();
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      const cause = err.cause as (Error & { details?: unknown[]; type?: string }) | undefined;
      // A cancelled run carries no details; its table is still one query away while a worker serves.
      const state = cause?.details?.[0] ?? (await this.status(workflowId).catch(() => undefined));
      throw new RunFailedError(cause?.message ?? err.message, state, cause?.type);
    }
  }

  /**
   * Follows the run to its end, handing `onProgress` its step table every `intervalMs` (default 500); settles
   * as `result` does. A run that ended already settles at once.
   * @example await sluice.runs.watch(workflowId, { onProgress: (state) => console.log(state.status) });
   */
  watch(workflowId: string, options: FollowOptions<RunState> = {}): Promise<RunSummary> {
    return follow(this.result(workflowId), () => this.status(workflowId), options);
  }

  /** Stops starting new steps; running ones finish. */
  async pause(workflowId: string): Promise<void> {
    await (await this.handle(workflowId)).signal(pauseSignal, { actor: this.actor });
  }

  async resume(workflowId: string): Promise<void> {
    await (await this.handle(workflowId)).signal(resumeSignal, { actor: this.actor });
  }

  /** Running activities are cancelled, staging is dropped, the run ends `cancelled`. */
  async cancel(workflowId: string): Promise<void> {
    const handle = await this.handle(workflowId);
    await handle.signal(cancellingSignal, { actor: this.actor });
    await handle.cancel();
  }

  /** Retries, skips or aborts a parked step; the run answers at once, refusing what its state does not allow. */
  async stepAction(workflowId: string, step: string, action: StepActionKind): Promise<RunState> {
    const handle = await this.handle(workflowId);
    return refusable(() =>
      handle.executeUpdate(stepActionUpdate, { args: [{ step, action, actor: this.actor }] }),
    );
  }

  /** Approves a gate step that waits; refused (RunRefusedError) when the step is not a waiting gate. */
  async approve(workflowId: string, step: string): Promise<RunState> {
    const handle = await this.handle(workflowId);
    return refusable(() => handle.executeUpdate(approveUpdate, { args: [{ step, actor: this.actor }] }));
  }

  /** A handle to an existing run; UnknownRunError when there is none. */
  private async handle(workflowId: string): Promise<RunHandle> {
    // Temporal answers an empty id with INVALID_ARGUMENT, not "not found": no run has that id either way.
    if (workflowId === '') throw new UnknownRunError(workflowId);
    const handle = this.temporal.workflow.getHandle<typeof runPipeline>(workflowId);
    try {
      await handle.describe();
      return handle;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new UnknownRunError(workflowId);
      throw err;
    }
  }
}

async function refusable(call: () => Promise<RunState>): Promise<RunState> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError)
      throw new RunRefusedError((err.cause as Error | undefined)?.message ?? err.message);
    throw err;
  }
}

/** The step table a closed run reported in its result or failure details. */
async function finalState(handle: RunHandle): Promise<RunState | undefined> {
  try {
    return await handle.result();
  } catch (err) {
    const details = (err as { cause?: { details?: unknown[] } }).cause?.details;
    return details?.[0] as RunState | undefined;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
