// definePipeline: the authoring entry point; checks a definition completely before anything runs.
import { checkProblems } from '../checks/check-problems';
import { topologicalOrder } from './dag';
import { DefinitionError } from './definition-error';
import { guardedProblems } from './guarded-problems';
import { toMilliseconds, type DurationSpec } from './durations';
import { loadTargetProblems } from '../load/load-target-problems';
import { targetCheckProblems } from '../load/target-check-problems';
import { nameProblem } from './names';
import { partitionSpecProblems } from '../partitions/partition-spec-problems';
import type { PartitionSpec } from '../partitions/partition-spec';
import type { PipelineSchedule } from '../schedules/pipeline-schedule';
import { scheduleProblems } from '../schedules/schedule-problems';
import { shownValue } from './shown-value';
import { stagingClashProblems } from '../staging/staging-clash-problems';
import { incrementalProblems } from '../fetch/incremental-problems';
import { sourceProblems } from '../fetch/source-problems';
import { gateProblems } from '../gate/gate-step-problems';
import { transformProblems } from '../transform/transform-step-problems';
import { validateProblems } from '../validate/validate-step-problems';
import type { RetrySpec, StepDefinition, TimeoutSpec } from './step-definitions';

export interface PipelineDefinition {
  name: string;
  description: string;
  owner: string;
  steps: StepDefinition[];
  /** How many steps may run at once; default 4. */
  maxParallel?: number;
  /** Retry and timeout defaults for every step of this pipeline. */
  defaults?: { retry?: RetrySpec; timeouts?: TimeoutSpec };
  /** How the data splits into partitions (runs and backfills are per partition); default: unpartitioned. */
  partitions?: PartitionSpec;
  /** Runs Temporal starts on a cron; kept in Temporal by syncSchedules. Default: none. */
  schedule?: PipelineSchedule;
}

/** The steps whose datasets this step reads. */
export function inputsOf(step: StepDefinition): string[] {
  switch (step.kind) {
    case 'validate':
    case 'load':
      return [step.input];
    case 'transform':
      return step.inputs ?? [];
    default:
      return [];
  }
}

/** Every step this step waits for: its `needs` plus the steps it reads as input. */
export function dependenciesOf(step: StepDefinition): string[] {
  const inputs = inputsOf(step);
  return [...new Set([...(step.needs ?? []), ...inputs])];
}

/** Validates and freezes a pipeline definition; throws DefinitionError listing every problem. */
export function definePipeline<const T extends PipelineDefinition>(definition: T): T {
  if (!isObject(definition)) {
    throw new DefinitionError('(unnamed)', [
      `a pipeline definition must be an object with name, description, owner and steps, got ${shownValue(definition)}`,
    ]);
  }
  const problems = definitionProblems(definition);
  const name = typeof definition.name === 'string' ? definition.name : '(unnamed)';
  if (problems.length > 0) throw new DefinitionError(name, problems);
  return Object.freeze(definition);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isBlank = (value: unknown) => typeof value !== 'string' || !value.trim();

function definitionProblems(definition: PipelineDefinition): string[] {
  const problems: string[] = [];
  const nameIssue = nameProblem(definition.name);
  if (nameIssue) problems.push(`name ${nameIssue}`);
  if (isBlank(definition.description))
    problems.push('description is required: say what the pipeline produces');
  if (isBlank(definition.owner)) problems.push('owner is required: a team or person to contact');
  if (
    definition.maxParallel !== undefined &&
    !(Number.isInteger(definition.maxParallel) && definition.maxParallel >= 1)
  ) {
    problems.push(
      `maxParallel must be a whole number of at least 1, got ${shownValue(definition.maxParallel)}`,
    );
  }
  problems.push(
    ...guardedProblems('defaults', () =>
      objectProblem('defaults', definition.defaults, () =>
        policyProblems('defaults', definition.defaults?.retry, definition.defaults?.timeouts),
      ),
    ),
  );
  problems.push(
    ...guardedProblems('partitions', () =>
      objectProblem('partitions', definition.partitions, () => partitionSpecProblems(definition.partitions)),
    ),
  );
  problems.push(
    ...guardedProblems('schedule', () =>
      objectProblem('schedule', definition.schedule, () =>
        scheduleProblems(definition.schedule, definition.partitions),
      ),
    ),
  );
  if (!Array.isArray(definition.steps) || definition.steps.length === 0) {
    problems.push('steps must list at least one step');
    return problems;
  }
  // Array.from, not flatMap: a hole in a sparse array (`[a, , b]`) is a missing step, not nothing.
  const shapeIssues = Array.from(definition.steps, (step, index) => stepShapeProblems(step, index)).flat();
  if (shapeIssues.length > 0) return [...problems, ...shapeIssues];
  problems.push(...stepProblems(definition.steps));
  problems.push(...guardedProblems('incremental fetch steps', () => incrementalProblems(definition)));
  if (problems.length === 0) {
    const result = topologicalOrder(
      definition.steps.map((s) => ({ id: s.id, dependsOn: dependenciesOf(s) })),
    );
    if ('cycle' in result) problems.push(`steps form a cycle: ${result.cycle.join(' -> ')}`);
  }
  return problems;
}

/** An absent part, or the problem that it is no object, or the problems `check` finds in it. */
function objectProblem(where: string, value: unknown, check: () => string[]): string[] {
  if (value === undefined) return [];
  if (!isObject(value)) return [`${where} must be an object, got ${shownValue(value)}`];
  return check();
}

/** What the other checks take for granted: each step an object, with string lists where lists belong. */
function stepShapeProblems(step: unknown, index: number): string[] {
  if (!isObject(step)) return [`steps[${index}] must be an object with kind and id, got ${shownValue(step)}`];
  const where = typeof step.id === 'string' ? `step "${step.id}"` : `steps[${index}]`;
  const problems: string[] = [];
  if (typeof step.id !== 'string') problems.push(`${where}: id must be a string, got ${shownValue(step.id)}`);
  for (const key of ['needs', 'inputs'] as const) {
    const list = step[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((item) => typeof item === 'string')))
      problems.push(`${where}: ${key} must be a list of step ids, got ${shownValue(list)}`);
  }
  for (const key of ['input', 'summary'] as const) {
    if (step[key] !== undefined && typeof step[key] !== 'string')
      problems.push(`${where}: ${key} must be a string, got ${shownValue(step[key])}`);
  }
  return problems;
}

function stepProblems(steps: readonly StepDefinition[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const step of steps) {
    const idIssue = nameProblem(step.id);
    if (idIssue) problems.push(`step id ${idIssue}`);
    if (ids.has(step.id)) problems.push(`step "${step.id}" is defined twice; step ids must be unique`);
    ids.add(step.id);
  }
  problems.push(...stagingClashProblems([...ids].filter((id) => nameProblem(id) === undefined)));
  for (const step of steps) {
    const where = `step "${step.id}"`;
    for (const dep of dependenciesOf(step)) {
      if (!ids.has(dep)) problems.push(`${where} depends on unknown step "${dep}"`);
      if (dep === step.id) problems.push(`${where} depends on itself`);
    }
    if (step.onFailure !== undefined && step.onFailure !== 'fail' && step.onFailure !== 'wait') {
      problems.push(`${where}: onFailure must be 'fail' or 'wait', got ${shownValue(step.onFailure)}`);
    }
    problems.push(...guardedProblems(where, () => policyProblems(where, step.retry, step.timeouts)));
    if (step.checks !== undefined)
      problems.push(
        ...guardedProblems(`${where}: checks`, () => checkProblems(step.checks!)).map((p) =>
          prefixed(where, p),
        ),
      );
    problems.push(...guardedProblems(where, () => kindProblems(step)).map((p) => prefixed(where, p)));
  }
  return problems;
}

const prefixed = (where: string, problem: string) =>
  problem.startsWith(where) ? problem : `${where}: ${problem}`;

function kindProblems(step: StepDefinition): string[] {
  switch (step.kind) {
    case 'fetch':
      return sourceProblems(step.source, step.incremental);
    case 'load':
      return [...loadTargetProblems(step.target), ...targetCheckProblems(step.target, step.checks)];
    case 'validate':
      return validateProblems(step);
    case 'transform':
      return transformProblems(step);
    case 'gate':
      return gateProblems(step);
    default:
      return [
        `unknown step kind ${shownValue((step as { kind: unknown }).kind)}; use fetch, validate, transform, load or gate`,
      ];
  }
}

function policyProblems(where: string, retry?: RetrySpec, timeouts?: TimeoutSpec): string[] {
  const problems: string[] = [];
  const checkDuration = (label: string, value: DurationSpec | undefined) => {
    if (value === undefined) return;
    const ms = toMilliseconds(value);
    if (ms === undefined || ms <= 0)
      problems.push(`${where}: ${label} ${shownValue(value)} is not a positive duration like '30s'`);
  };
  checkDuration('retry.initialInterval', retry?.initialInterval);
  checkDuration('retry.maximumInterval', retry?.maximumInterval);
  checkDuration('timeouts.startToClose', timeouts?.startToClose);
  checkDuration('timeouts.scheduleToClose', timeouts?.scheduleToClose);
  checkDuration('timeouts.heartbeat', timeouts?.heartbeat);
  if (retry?.backoffCoefficient !== undefined && !(retry.backoffCoefficient >= 1)) {
    problems.push(
      `${where}: retry.backoffCoefficient must be at least 1, got ${shownValue(retry.backoffCoefficient)}`,
    );
  }
  if (
    retry?.maximumAttempts !== undefined &&
    !(Number.isInteger(retry.maximumAttempts) && retry.maximumAttempts >= 1)
  ) {
    problems.push(
      `${where}: retry.maximumAttempts must be a whole number of at least 1, got ${shownValue(retry.maximumAttempts)}`,
    );
  }
  const nonRetryable = retry?.nonRetryableErrorTypes;
  if (
    nonRetryable !== undefined &&
    !(Array.isArray(nonRetryable) && nonRetryable.every((t) => typeof t === 'string'))
  ) {
    problems.push(
      `${where}: retry.nonRetryableErrorTypes must be a list of error type names, got ${shownValue(nonRetryable)}`,
    );
  }
  return problems;
}
