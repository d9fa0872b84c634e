// Business ids: one per pipeline partition (so starting it twice at once is refused), backfill and schedule.

export function runWorkflowId(pipeline: string, partition: string | undefined, manualId?: string): string {
  if (partition) return `sluice/${pipeline}/${partition}`;
  return `sluice/${pipeline}/manual-${manualId ?? 'run'}`;
}

/** `sluice/orders/preview-<id>`: a preview never shares an id with a real run, so it runs beside one. */
export const previewWorkflowId = (pipeline: string, id: string): string => `sluice/${pipeline}/preview-${id}`;

/** `sluice-backfill/orders/2026-01-01..2026-01-31`: the same range cannot be backfilled twice at once. */
export const backfillWorkflowId = (pipeline: string, from: string, to: string): string =>
  `sluice-backfill/${pipeline}/${from}..${to}`;

/** Every schedule Sluice owns has an id with this prefix (and its memo says so). */
export const SCHEDULE_ID_PREFIX = 'sluice/';

export const scheduleIdOf = (pipeline: string): string => `${SCHEDULE_ID_PREFIX}${pipeline}`;

/**
 * Runs a Schedule starts get this id plus `-<scheduled time>` from Temporal, e.g.
 * `sluice/orders/scheduled-2026-11-02T02:00:00Z`; their partition is a search attribute.
 */
export const scheduledWorkflowId = (pipeline: string): string => `sluice/${pipeline}/scheduled`;
