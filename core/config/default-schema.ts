// A project's default schema: the target tables and relationships parents its pipelines name without one go there.
import type { CheckSpec } from '../checks/check-spec';
import { definePipeline, type PipelineDefinition } from '../pipeline/define-pipeline';
import type { StepDefinition } from '../pipeline/step-definitions';

const qualify = (table: string, schema: string) => (table.includes('.') ? table : `${schema}.${table}`);

const qualifyCheck = (check: CheckSpec, schema: string): CheckSpec =>
  check.kind === 'relationships' ? { ...check, to: qualify(check.to, schema) } : check;

function qualifyStep(step: StepDefinition, schema: string): StepDefinition {
  const checks = step.checks ? { checks: step.checks.map((check) => qualifyCheck(check, schema)) } : {};
  if (step.kind !== 'load') return { ...step, ...checks } as StepDefinition;
  return { ...step, ...checks, target: { ...step.target, table: qualify(step.target.table, schema) } };
}

/** `definition` with every table it names without a schema placed in `schema`; names with one are kept. */
export function inDefaultSchema(definition: PipelineDefinition, schema: string): PipelineDefinition {
  return definePipeline({ ...definition, steps: definition.steps.map((step) => qualifyStep(step, schema)) });
}
