// Builds a Temporal visibility query from list filters, quoting every value.
import type { RunStatus } from '../core/run/run-state';

export interface RunFilter {
  pipeline?: string;
  status?: RunStatus | 'queued';
  partition?: string;
  trigger?: string;
  /** Runs started at or after this ISO timestamp. */
  since?: string;
}

const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** `WorkflowType = 'runPipeline' AND SluicePipeline = 'orders' ...`; servers list newest first (ORDER BY is not portable). */
export function visibilityQuery(filter: RunFilter): string {
  const clauses = [`WorkflowType = 'runPipeline'`];
  if (filter.pipeline) clauses.push(`SluicePipeline = ${quote(filter.pipeline)}`);
  if (filter.status) clauses.push(`SluiceStatus = ${quote(filter.status)}`);
  if (filter.partition) clauses.push(`SluicePartition = ${quote(filter.partition)}`);
  if (filter.trigger) clauses.push(`SluiceTrigger = ${quote(filter.trigger)}`);
  if (filter.since) clauses.push(`StartTime >= ${quote(filter.since)}`);
  return clauses.join(' AND ');
}
