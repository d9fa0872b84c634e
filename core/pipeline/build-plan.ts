// Turns a validated definition into its plan: defaults applied, steps in dependency order.
import { topologicalOrder } from './dag';
import { dependenciesOf, inputsOf, type PipelineDefinition } from './define-pipeline';
import { toMilliseconds, type DurationSpec } from './durations';
import { TERMINAL_ERROR_TYPES } from '../run/error-types';
import { SCHEDULE_DEFAULTS } from '../schedules/pipeline-schedule';
import type { PipelinePlan, ResolvedRetry, ResolvedTimeouts, StepPlan } from './plan';
import type { RetrySpec, StepDefinition, TimeoutSpec } from './step-definitions';

/** Sluice's defaults: five attempts over about half a minute, ten minutes per attempt. */
export const DEFAULT_RETRY: ResolvedRetry = {
  initialIntervalMs: 1000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
  maximumAttempts: 5,
  nonRetryableErrorTypes: [...TERMINAL_ERROR_TYPES],
};

export const DEFAULT_TIMEOUTS: ResolvedTimeouts = { startToCloseMs: 600_000, heartbeatMs: 60_000 };

export const DEFAULT_MAX_PARALLEL = 4;

const ms = (value: DurationSpec | undefined, fallback: number): number =>
  value === undefined ? fallback : (toMilliseconds(value) ?? fallback);

function resolveRetry(...specs: (RetrySpec | undefined)[]): ResolvedRetry {
  return specs.reduce<ResolvedRetry>(
    (base, spec) => ({
      initialIntervalMs: ms(spec?.initialInterval, base.initialIntervalMs),
      backoffCoefficient: spec?.backoffCoefficient ?? base.backoffCoefficient,
      maximumIntervalMs: ms(spec?.maximumInterval, base.maximumIntervalMs),
      maximumAttempts: spec?.maximumAttempts ?? base.maximumAttempts,
      nonRetryableErrorTypes: [
        ...new Set([...base.nonRetryableErrorTypes, ...(spec?.nonRetryableErrorTypes ?? [])]),
      ],
    }),
    DEFAULT_RETRY,
  );
}

function resolveTimeouts(...specs: (TimeoutSpec | undefined)[]): ResolvedTimeouts {
  return specs.reduce<ResolvedTimeouts>((base, spec) => {
    const scheduleToClose = spec?.scheduleToClose ?? base.scheduleToCloseMs;
    return {
      startToCloseMs: ms(spec?.startToClose, base.startToCloseMs),
      heartbeatMs: ms(spec?.heartbeat, base.heartbeatMs),
      ...(scheduleToClose === undefined ? {} : { scheduleToCloseMs: ms(scheduleToClose, 0) }),
    };
  }, DEFAULT_TIMEOUTS);
}

function stepPlan(definition: PipelineDefinition, step: StepDefinition): StepPlan {
  return {
    id: step.id,
    kind: step.kind,
    needs: dependenciesOf(step),
    inputs: inputsOf(step),
    retry: resolveRetry(definition.defaults?.retry, step.retry),
    timeouts: resolveTimeouts(definition.defaults?.timeouts, step.timeouts),
    onFailure: step.onFailure ?? 'fail',
    summary: (step.summary ?? step.id).slice(0, 200),
    ...(step.kind === 'load' && step.target.mode === 'replace-partition' ? { replacesPartition: true } : {}),
    ...(step.kind === 'gate'
      ? {
          gate: {
            ...(step.timeout !== undefined ? { timeoutMs: ms(step.timeout, 0) } : {}),
            onTimeout: step.onTimeout ?? 'reject',
          },
        }
      : {}),
  };
}

/** The plan of a definition that definePipeline accepted; the hash is added by the caller. */
export function buildPlan(definition: PipelineDefinition, definitionHash: string): PipelinePlan {
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const result = topologicalOrder(definition.steps.map((s) => ({ id: s.id, dependsOn: dependenciesOf(s) })));
  if ('cycle' in result)
    throw new Error(`pipeline "${definition.name}" has a cycle: ${result.cycle.join(' -> ')}`);
  return {
    pipeline: definition.name,
    description: definition.description,
    owner: definition.owner,
    definitionHash,
    maxParallel: definition.maxParallel ?? DEFAULT_MAX_PARALLEL,
    ...(definition.partitions
      ? {
          partitions: definition.partitions,
          scheduledPartitionOffset: definition.schedule?.partitionOffset ?? SCHEDULE_DEFAULTS.partitionOffset,
        }
      : {}),
    steps: result.order.map((id) => stepPlan(definition, byId.get(id) as StepDefinition)),
  };
}
