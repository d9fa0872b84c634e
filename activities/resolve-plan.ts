// Local activity: turns the catalog's definition into the plan the workflow records in its history.
import { createHash } from 'node:crypto';
import { buildPlan } from '../core/pipeline/build-plan';
import type { PipelineDefinition } from '../core/pipeline/define-pipeline';
import type { PipelinePlan } from '../core/pipeline/plan';
import type { Catalog } from '../core/pipeline/catalog';
import { findPipeline } from './catalog-lookup';

/** sha256 over the definition's JSON form; functions (transforms) count by their source text. */
export function definitionHash(definition: PipelineDefinition): string {
  const json = JSON.stringify(definition, (_key, value: unknown) =>
    typeof value === 'function' ? value.toString() : value,
  );
  return createHash('sha256').update(json).digest('hex');
}

/** With `alerts`, the plan tells the run that this deployment's workers deliver webhook alerts. */
export function createResolvePlan(catalog: Catalog, options: { alerts?: boolean } = {}) {
  return async function resolvePlan(input: { pipeline: string }): Promise<PipelinePlan> {
    const definition = findPipeline(catalog, input.pipeline);
    const plan = buildPlan(definition, definitionHash(definition));
    return options.alerts ? { ...plan, alerts: true } : plan;
  };
}
