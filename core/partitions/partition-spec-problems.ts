// Checks a pipeline's partition spec when it is defined: kind, start, time zone, static values.
import { STATIC_VALUE_PATTERN, type PartitionSpec } from './partition-spec';
import { timeKeyProblem } from './partitions';
import { timezoneProblem } from './timezone-problem';

function staticProblems(values: unknown): string[] {
  if (!Array.isArray(values) || values.length === 0)
    return ['partitions.values must list at least one value'];
  const problems: string[] = [];
  const seen = new Set<unknown>();
  for (const value of values) {
    if (typeof value !== 'string' || !STATIC_VALUE_PATTERN.test(value)) {
      problems.push(
        `partitions.values: "${String(value)}" must be lower case letters, digits, _ or -, start with a letter or digit and be at most 63 characters`,
      );
    }
    if (seen.has(value)) problems.push(`partitions.values: "${String(value)}" is listed twice`);
    seen.add(value);
  }
  return problems;
}

/** Every problem with the spec, prefixed with the field; empty when it is fine or absent. */
export function partitionSpecProblems(spec: PartitionSpec | undefined): string[] {
  if (spec === undefined) return [];
  switch (spec.kind) {
    case 'static':
      return staticProblems(spec.values);
    case 'daily':
    case 'hourly':
    case 'monthly': {
      const zoneIssue = timezoneProblem('partitions.timezone', spec.timezone);
      if (zoneIssue) return [zoneIssue];
      const startIssue = timeKeyProblem(spec, spec.start);
      return startIssue ? [`partitions.start: ${startIssue}`] : [];
    }
    default:
      return [
        `partitions.kind "${String((spec as { kind: unknown }).kind)}" is unknown; use daily, hourly, monthly or static`,
      ];
  }
}
