// A backfill's defaults and the check of its input, shared by the client (before start) and the workflow.
import type { BackfillInput } from './backfill-types';
import { nameProblem } from '../pipeline/names';

/** Partition runs at once unless the backfill says otherwise. */
export const DEFAULT_BACKFILL_PARALLEL = 4;

/** Each partition run is a whole pipeline run against the warehouse: more at once is rarely wise. */
export const MAX_BACKFILL_PARALLEL = 100;

/** About 8 history events per child: 500 children keep one workflow run near 4,000 events. */
export const DEFAULT_PARTITIONS_PER_RUN = 500;

const wholeNumber = (value: unknown, min: number, max = Infinity) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Every problem with the input's own fields; the partition keys are checked against the pipeline later. */
export function backfillInputProblems(input: BackfillInput): string[] {
  const problems: string[] = [];
  const pipelineIssue = nameProblem(input.pipeline);
  if (pipelineIssue) problems.push(`pipeline ${pipelineIssue}`);
  if (typeof input.from !== 'string' || !input.from) problems.push('from must name the first partition');
  if (typeof input.to !== 'string' || !input.to) problems.push('to must name the last partition');
  if (input.maxParallel !== undefined && !wholeNumber(input.maxParallel, 1, MAX_BACKFILL_PARALLEL)) {
    problems.push(
      `maxParallel must be a whole number from 1 to ${MAX_BACKFILL_PARALLEL}, got ${input.maxParallel}`,
    );
  }
  if (input.partitionsPerRun !== undefined && !wholeNumber(input.partitionsPerRun, 1)) {
    problems.push(`partitionsPerRun must be a whole number of at least 1, got ${input.partitionsPerRun}`);
  }
  return problems;
}
