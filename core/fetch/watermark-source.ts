// Which step's rows set an incremental fetch's watermark: the validate step that reads it, or the fetch itself.
import { inputsOf, type PipelineDefinition } from '../pipeline/define-pipeline';
import type { FetchStep, IncrementalSpec } from './fetch-step';

export type IncrementalFetch = FetchStep & { incremental: IncrementalSpec };

/**
 * The step that proposes the fetch's watermark: the first validate step whose input is the fetch, so that only
 * rows that passed its contract count (a poisoned row that fails it cannot move the watermark); the fetch
 * itself when no validate step reads it.
 */
export function watermarkSourceOf(pipeline: PipelineDefinition, fetchId: string): string {
  return pipeline.steps.find((s) => s.kind === 'validate' && s.input === fetchId)?.id ?? fetchId;
}

/** The incremental fetch whose watermark `stepId` proposes, or undefined when the step proposes none. */
export function watermarkFetchOf(pipeline: PipelineDefinition, stepId: string): IncrementalFetch | undefined {
  const step = pipeline.steps.find((s) => s.id === stepId);
  const fetchId = step?.kind === 'validate' ? step.input : stepId;
  const fetch = pipeline.steps.find((s) => s.id === fetchId);
  if (fetch?.kind !== 'fetch' || !fetch.incremental) return undefined;
  return watermarkSourceOf(pipeline, fetchId) === stepId ? (fetch as IncrementalFetch) : undefined;
}

/** The steps that read `stepId`'s dataset, directly or through others. */
export function downstreamOf(pipeline: PipelineDefinition, stepId: string): PipelineDefinition['steps'] {
  const found = new Set<string>([stepId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const step of pipeline.steps) {
      if (!found.has(step.id) && inputsOf(step).some((id) => found.has(id))) {
        found.add(step.id);
        grew = true;
      }
    }
  }
  return pipeline.steps.filter((s) => s.id !== stepId && found.has(s.id));
}
