// Business workflow ids: one per pipeline partition, so starting it twice at once is refused.

export function runWorkflowId(pipeline: string, partition: string | undefined, manualId?: string): string {
  if (partition) return `sluice/${pipeline}/${partition}`;
  return `sluice/${pipeline}/manual-${manualId ?? 'run'}`;
}
