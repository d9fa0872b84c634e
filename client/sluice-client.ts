// SluiceClient: the one front door to a Sluice deployment, with sub-clients for runs, backfills and schedules.
import type { Client } from '@temporalio/client';
import { parseEnv } from '../runtime/parse-env';
import { announceRenamed } from '../runtime/renamed-variables';
import { BackfillsClient } from './backfills-client';
import { clientConfigSchema, type ClientConfig } from './client-config';
import { connectClient } from './connect';
import { RunsClient } from './runs-client';
import { SchedulesClient } from './schedules-client';

export interface SluiceClientOptions {
  /** The task queue Sluice's workers poll: runs, backfills and scheduled runs start there. */
  taskQueue: string;
  /** Who approvals and operator actions are recorded as; default the Temporal client's identity. */
  actor?: string;
}

/**
 * A thin client: it needs no pipeline code (only `schedules.sync` takes a catalog).
 * @example
 * const sluice = await SluiceClient.fromEnv();
 * const { workflowId } = await sluice.runs.start({ pipeline: 'orders_csv' });
 * await sluice.runs.watch(workflowId);
 * await sluice.close();
 */
export class SluiceClient {
  readonly runs: RunsClient;
  readonly backfills: BackfillsClient;
  readonly schedules: SchedulesClient;

  /**
   * Over a Temporal client of your own (its namespace and data converter), kept as `temporal` for what Sluice
   * does not wrap; `close` closes its connection.
   */
  constructor(
    readonly temporal: Client,
    { taskQueue, actor }: SluiceClientOptions,
  ) {
    this.runs = new RunsClient(temporal, taskQueue, actor ?? temporal.options.identity);
    this.backfills = new BackfillsClient(temporal, taskQueue);
    this.schedules = new SchedulesClient(temporal, taskQueue);
  }

  /**
   * Connects with TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, SLUICE_TASK_QUEUE and the TLS / API key variables, as
   * SLUICE_ACTOR (default user@host).
   */
  static async fromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SluiceClient> {
    const config: ClientConfig = parseEnv(clientConfigSchema, env);
    announceRenamed(config.temporal.renamed);
    return new SluiceClient(await connectClient(config), { taskQueue: config.SLUICE_TASK_QUEUE });
  }

  async close(): Promise<void> {
    await this.temporal.connection.close();
  }
}
