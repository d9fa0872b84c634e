// `sluice.schedules`: pipelines' Temporal Schedules on this client's task queue, and sync with a catalog.
import type { Client, ScheduleDescription } from '@temporalio/client';
import type { Catalog } from '../core/pipeline/catalog';
import type { PipelineDefinition } from '../core/pipeline/define-pipeline';
import type { OverlapPolicy } from '../core/schedules/pipeline-schedule';
import {
  backfillSchedule,
  createSchedule,
  deleteSchedule,
  describeSchedule,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  updateSchedule,
  type PipelineScheduleListing,
} from './schedules';
import { syncSchedules, type ScheduleSyncReport } from './sync-schedules';

export type { ScheduleSyncReport };

/** Each call names the pipeline; a missing or duplicate schedule is a PipelineScheduleError saying what to do. */
export class SchedulesClient {
  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
  ) {}

  /**
   * Makes Temporal hold exactly the schedules `catalog` declares: creates, updates what drifted, deletes Sluice's
   * own that are no longer declared (never others'); with `dryRun` reports the difference and changes nothing.
   * @example const report = await sluice.schedules.sync(catalog, { dryRun: true });
   */
  sync(catalog: Catalog, { dryRun = false }: { dryRun?: boolean } = {}): Promise<ScheduleSyncReport> {
    return syncSchedules(this.temporal, catalog, { taskQueue: this.taskQueue, dryRun });
  }

  /** Every schedule Sluice owns; eventually consistent, so one created a moment ago may be missing. */
  list(): Promise<PipelineScheduleListing[]> {
    return listSchedules(this.temporal);
  }

  describe(pipeline: string): Promise<ScheduleDescription> {
    return describeSchedule(this.temporal, pipeline);
  }

  /** Creates the schedule the definition declares; refuses when the pipeline has one already. */
  async create(definition: PipelineDefinition): Promise<void> {
    await createSchedule(this.temporal, definition, { taskQueue: this.taskQueue });
  }

  /** Makes the pipeline's schedule match its definition. */
  update(definition: PipelineDefinition): Promise<void> {
    return updateSchedule(this.temporal, definition, { taskQueue: this.taskQueue });
  }

  /** Stops scheduled runs (a trigger still runs one); the note shows in the UI. */
  pause(pipeline: string, note?: string): Promise<void> {
    return pauseSchedule(this.temporal, pipeline, note);
  }

  unpause(pipeline: string, note?: string): Promise<void> {
    return unpauseSchedule(this.temporal, pipeline, note);
  }

  /** Starts one scheduled run now; its partition follows from now. */
  trigger(pipeline: string, overlap?: OverlapPolicy): Promise<void> {
    return triggerSchedule(this.temporal, pipeline, overlap);
  }

  /** Takes now every run the schedule would have taken between `start` and `end`, one after another by default. */
  backfill(pipeline: string, range: { start: Date; end: Date; overlap?: OverlapPolicy }): Promise<void> {
    return backfillSchedule(this.temporal, pipeline, range);
  }

  /** Deletes the schedule; runs it started already go on. */
  delete(pipeline: string): Promise<void> {
    return deleteSchedule(this.temporal, pipeline);
  }
}
