// `sluice pipelines [list | show <name>]`: the catalog, each pipeline's steps and its DAG (text and Mermaid).
import type { Command } from 'commander';
import { inputsOf, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import { catalogPipeline } from '../catalog-pipeline';
import { cliProject } from '../cli-project';
import { dagText, mermaid } from '../lineage';
import { emit } from '../output';

const summary = (p: PipelineDefinition) => ({
  name: p.name,
  description: p.description,
  owner: p.owner,
  steps: p.steps.length,
});

function details(p: PipelineDefinition) {
  return {
    ...summary(p),
    maxParallel: p.maxParallel ?? 4,
    steps: p.steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      needs: s.needs ?? [],
      inputs: inputsOf(s),
      onFailure: s.onFailure ?? 'fail',
    })),
    dag: dagText(p),
    mermaid: mermaid(p),
  };
}

export function registerPipelinesCommand(program: Command): void {
  const pipelines = program.command('pipelines').description('the pipelines this project defines');
  pipelines
    .command('list', { isDefault: true })
    .description('every pipeline with its owner and step count')
    .option('--json', 'print one JSON document')
    .action(async (flags: { json?: boolean }) => {
      const all = [...(await cliProject()).catalog.values()].map(summary);
      emit(flags, { pipelines: all }, () =>
        all
          .map((p) => `${p.name.padEnd(28)} ${p.owner.padEnd(16)} ${p.steps} steps  ${p.description}`)
          .join('\n'),
      );
    });
  pipelines
    .command('show <name>')
    .description("a pipeline's steps and DAG, as text and as Mermaid (lineage)")
    .option('--json', 'print one JSON document')
    .action(async (name: string, flags: { json?: boolean }) => {
      const shown = details(catalogPipeline((await cliProject()).catalog, name));
      emit(flags, shown, () =>
        [
          `${shown.name}: ${shown.description}`,
          `owner: ${shown.owner}, maxParallel: ${shown.maxParallel}`,
          '',
          shown.dag,
          '',
          '```mermaid',
          shown.mermaid,
          '```',
        ].join('\n'),
      );
    });
}
