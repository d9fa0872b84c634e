// Looks a pipeline up in the project's catalog for a CLI command, and checks partition keys against it.
import type { Catalog } from '../core/pipeline/catalog';
import type { PipelineDefinition } from '../core/pipeline/define-pipeline';
import { partitionKeyProblem } from '../core/partitions/partitions';
import { UsageError } from './exit-codes';

export function catalogPipeline(catalog: Catalog, name: string): PipelineDefinition {
  const pipeline = catalog.get(name);
  if (!pipeline)
    throw new UsageError(`unknown pipeline "${name}"; known pipelines: ${[...catalog.keys()].join(', ')}`);
  return pipeline;
}

/** Refuses a key that is not one of the pipeline's partitions, or no key when a load replaces a partition. */
export function checkPartition(pipeline: PipelineDefinition, key: string | undefined): void {
  if (!key) {
    const load = pipeline.steps.find(
      (step) => step.kind === 'load' && step.target.mode === 'replace-partition',
    );
    if (load)
      throw new UsageError(
        `${pipeline.name}: step ${load.id} replaces one partition; pass --partition <key>`,
      );
    return;
  }
  if (!pipeline.partitions) return;
  const problem = partitionKeyProblem(pipeline.partitions, key);
  if (problem) throw new UsageError(`--partition ${key}: ${problem}`);
}
