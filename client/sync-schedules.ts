// Makes Temporal's schedules match those the catalog declares: create, update, delete, report the difference.
import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import type { PipelineDefinition } from '../core/pipeline/define-pipeline';
import { scheduleIdOf } from '../core/run/workflow-id';
import { resolveSchedule } from './resolved-schedule';
import { scheduleDrift } from './schedule-drift';
import { OWNER_MEMO_KEY } from './schedule-options';
import { createSchedule, listSchedules, updateSchedule } from './schedules';

export interface ScheduleChange {
  pipeline: string;
  scheduleId: string;
  reasons: string[];
}

/** What a sync did, or would do when `dryRun`; a second sync reports everything unchanged. */
export interface ScheduleSyncReport {
  dryRun: boolean;
  created: ScheduleChange[];
  updated: ScheduleChange[];
  deleted: ScheduleChange[];
  unchanged: ScheduleChange[];
}

export interface SyncSchedulesOptions {
  /** The task queue Sluice's workers poll. */
  taskQueue: string;
  /** Report what would change and change nothing; default false. */
  dryRun?: boolean;
}

async function describeOrUndefined(
  client: Client,
  scheduleId: string,
): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(scheduleId).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Creates the schedules pipelines declare and Temporal lacks, updates those that differ (cron, time zone,
 * overlap, catch-up window, paused, task queue), and deletes Sluice's own schedules (id `sluice/…` and memo)
 * whose pipeline no longer declares one. Schedules Sluice does not own are never touched.
 * @example const report = await syncSchedules(client, catalog, { taskQueue: 'sluice', dryRun: true });
 */
export async function syncSchedules(
  client: Client,
  catalog: ReadonlyMap<string, PipelineDefinition>,
  { taskQueue, dryRun = false }: SyncSchedulesOptions,
): Promise<ScheduleSyncReport> {
  const report: ScheduleSyncReport = { dryRun, created: [], updated: [], deleted: [], unchanged: [] };
  const declared = [...catalog.values()].filter((definition) => definition.schedule);
  for (const definition of declared) {
    const scheduleId = scheduleIdOf(definition.name);
    const wanted = resolveSchedule(definition, taskQueue);
    const actual = await describeOrUndefined(client, scheduleId);
    const change = (reasons: string[]) => ({ pipeline: definition.name, scheduleId, reasons });
    if (!actual) {
      if (!dryRun) await createSchedule(client, definition, { taskQueue });
      report.created.push(change(['declared by the pipeline, missing in Temporal']));
      continue;
    }
    const reasons = scheduleDrift(wanted, actual);
    if (reasons.length === 0) {
      report.unchanged.push(change(['matches the definition']));
      continue;
    }
    if (!dryRun) await updateSchedule(client, definition, { taskQueue });
    report.updated.push(change(reasons));
  }
  const kept = new Set(declared.map((definition) => scheduleIdOf(definition.name)));
  for (const listing of await listSchedules(client)) {
    if (kept.has(listing.scheduleId)) continue;
    // Listing lags behind: confirm the schedule still exists and is Sluice's before deleting it.
    const actual = await describeOrUndefined(client, listing.scheduleId);
    if (actual?.memo?.[OWNER_MEMO_KEY] !== listing.pipeline) continue;
    if (!dryRun) await client.schedule.getHandle(listing.scheduleId).delete();
    const reason = catalog.has(listing.pipeline)
      ? 'the pipeline no longer declares a schedule'
      : 'the pipeline is no longer in the catalog';
    report.deleted.push({ pipeline: listing.pipeline, scheduleId: listing.scheduleId, reasons: [reason] });
  }
  return report;
}
