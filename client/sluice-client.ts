// SluiceClient: starts, watches and steers runs; a thin library that needs no pipeline code.
import {
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import {
  approveUpdate,
  pauseSignal,
  resumeSignal,
  statusQuery,
  stepActionUpdate,
  type StepActionKind,
} from '../core/run/messages';
import { backfillStatusQuery } from '../core/backfill/backfill-messages';
import type { BackfillStatus } from '../core/backfill/backfill-types';
import type { RunState } from '../core/run/run-state';
import type { Trigger } from '../core/run/run-types';
import { SluicePartition, SluicePipeline, SluiceStatus, SluiceTrigger } from '../core/run/search-attributes';
import type { RunSummary, runPipeline } from '../workflows/run-pipeline';
import { startBackfill, type StartBackfillOptions } from './backfill';
import { connectClient } from './connect';
import { connectionConfigSchema, type ConnectionConfig } from '../runtime/connection-config';
import { RunFailedError, RunRefusedError, UnknownRunError } from './run-errors';
import { startRun } from './start-run';
import { visibilityQuery, type RunFilter } from './visibility-query';
import { parseEnv } from '../runtime/parse-env';
import { announceRenamed } from '../runtime/renamed-variables';

export interface StartOptions {
  pipeline: string;
  partition?: string;
  params?: Record<string, string>;
  trigger?: Trigger;
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

export class SluiceClient {
  constructor(
    readonly temporal: Client,
    readonly taskQueue: string,
    readonly address: string,
  ) {}

  /** Connects as the Temporal CLI would (TEMPORAL_ADDRESS, …, TEMPORAL_PROFILE), on SLUICE_TASK_QUEUE. */
  static async fromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SluiceClient> {
    const config: ConnectionConfig = parseEnv(connectionConfigSchema, env);
    announceRenamed(config.temporal.renamed);
    return new SluiceClient(
      await connectClient(config),
      config.SLUICE_TASK_QUEUE,
      config.temporal.options.address,
    );
  }

  /** Starts a run; refuses (RunAlreadyRunningError) when its workflow id is running already. */
  async start(options: StartOptions): Promise<{ workflowId: string; runId: string }> {
    const handle = await startRun(this.temporal, {
      trigger: 'manual',
      ...options,
      taskQueue: this.taskQueue,
    });
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
  }

  /** The live step table; for a closed run whose workers are gone, the table it ended with. */
  async status(workflowId: string): Promise<RunState> {
    const handle = await this.handle(workflowId);
    try {
      return await handle.query(statusQuery);
    } catch (err) {
      const closed = (await handle.describe()).status.name !== 'RUNNING';
      const final = closed ? await this.finalState(handle) : undefined;
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

  async pause(workflowId: string): Promise<void> {
    await (await this.handle(workflowId)).signal(pauseSignal);
  }

  async resume(workflowId: string): Promise<void> {
    await (await this.handle(workflowId)).signal(resumeSignal);
  }

  async cancel(workflowId: string): Promise<void> {
    await (await this.handle(workflowId)).cancel();
  }

  /** Retries, skips or aborts a parked step; the run answers at once, refusing what its state does not allow. */
  async stepAction(workflowId: string, step: string, action: StepActionKind): Promise<RunState> {
    const handle = await this.handle(workflowId);
    return this.refusable(() => handle.executeUpdate(stepActionUpdate, { args: [{ step, action }] }));
  }

  async approve(workflowId: string, step: string): Promise<RunState> {
    const handle = await this.handle(workflowId);
    return this.refusable(() => handle.executeUpdate(approveUpdate, { args: [{ step }] }));
  }

  /** Waits for the run to end: its summary, or RunFailedError carrying the final step table. */
  async result(workflowId: string): Promise<RunSummary> {
    const handle = await this.handle(workflowId);
    try {
      return await handle.result();
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      const cause = err.cause as (Error & { details?: unknown[] }) | undefined;
      throw new RunFailedError(
        cause?.message ?? err.message,
        cause?.details?.[0] ?? (await this.finalState(handle)),
      );
    }
  }

  /** Starts a backfill of the partitions from..to; returns its workflow id (`sluice-backfill/...`). */
  async backfill(options: Omit<StartBackfillOptions, 'taskQueue'>): Promise<{ workflowId: string }> {
    const handle = await startBackfill(this.temporal, { ...options, taskQueue: this.taskQueue });
    return { workflowId: handle.workflowId };
  }

  /** A backfill's progress: counts and every partition's state. */
  backfillStatus(workflowId: string): Promise<BackfillStatus> {
    return this.temporal.workflow.getHandle(workflowId).query(backfillStatusQuery);
  }

  async close(): Promise<void> {
    await this.temporal.connection.close();
  }

  /** A handle to an existing run; UnknownRunError when there is none. */
  async handle(workflowId: string): Promise<RunHandle> {
    const handle = this.temporal.workflow.getHandle<typeof runPipeline>(workflowId);
    try {
      await handle.describe();
      return handle;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new UnknownRunError(workflowId);
      throw err;
    }
  }

  private async refusable(call: () => Promise<RunState>): Promise<RunState> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError)
        throw new RunRefusedError((err.cause as Error | undefined)?.message ?? err.message);
      throw err;
    }
  }

  /** The step table a closed run reported in its result or failure details. */
  private async finalState(handle: RunHandle): Promise<RunState | undefined> {
    try {
      return await handle.result();
    } catch (err) {
      const details = (err as { cause?: { details?: unknown[] } }).cause?.details;
      return details?.[0] as RunState | undefined;
    }
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
