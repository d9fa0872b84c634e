// Finds a pipeline or one of its steps in the catalog, with a terminal error when it is not there.
import type { Catalog } from '../core/pipeline/catalog';
import type { PipelineDefinition } from '../core/pipeline/define-pipeline';
import type { StepDefinition, StepKind } from '../core/pipeline/step-definitions';
import type { DatasetRef, StepInput } from '../core/run/run-types';
import { terminal, terminalFailure } from './step-failure';

export function findPipeline(catalog: Catalog, name: string): PipelineDefinition {
  const pipeline = catalog.get(name);
  if (pipeline) return pipeline;
  throw terminal(
    'SluiceUnknownPipeline',
    `unknown pipeline "${name}"; known pipelines: ${[...catalog.keys()].join(', ') || '(none)'}`,
  );
}

/** The definition of the step an activity runs, checked to be of the kind that activity handles. */
export function findStep<K extends StepKind>(
  catalog: Catalog,
  input: StepInput,
  kind: K,
): Extract<StepDefinition, { kind: K }> {
  const step = findPipeline(catalog, input.pipeline).steps.find((s) => s.id === input.step);
  if (!step || step.kind !== kind) {
    throw terminalFailure(
      'SluiceDefinitionError',
      input,
      `the catalog has no ${kind} step "${input.step}"`,
      'The pipeline definition changed while this run was in flight; start a new run',
    );
  }
  return step as Extract<StepDefinition, { kind: K }>;
}

/** The dataset a step reads from `inputId`; the workflow always passes it, so its absence is a bug. */
export function inputDataset(input: StepInput, inputId: string): DatasetRef {
  const ref = input.inputs[inputId];
  if (ref) return ref;
  throw terminalFailure(
    'SluiceDefinitionError',
    input,
    `input "${inputId}" was not passed`,
    'Report this bug',
  );
}
