// A pipeline's DAG as text and as a Mermaid flowchart, with sources and target tables for lineage.
import { dependenciesOf, type PipelineDefinition } from '../core/pipeline/define-pipeline';
import type { StepDefinition } from '../core/pipeline/step-definitions';

function sourceLabel(step: StepDefinition): string | undefined {
  if (step.kind !== 'fetch') return undefined;
  const source = step.source as { kind: string; path?: string; url?: string; urlEnv?: string };
  return `${source.kind}: ${source.path ?? source.url ?? source.urlEnv ?? ''}`;
}

function targetLabel(step: StepDefinition): string | undefined {
  return step.kind === 'load' ? `${step.target.table} (${step.target.mode})` : undefined;
}

/** One line per step: `load_orders_fct [load] <- fetch_orders_csv  => fct_orders (merge)`. */
export function dagText(pipeline: PipelineDefinition): string {
  return pipeline.steps
    .map((step) => {
      const deps = dependenciesOf(step);
      const from = sourceLabel(step);
      const to = targetLabel(step);
      return `${step.id} [${step.kind}]${deps.length ? ` <- ${deps.join(', ')}` : ''}${from ? `  <= ${from}` : ''}${to ? `  => ${to}` : ''}`;
    })
    .join('\n');
}

const node = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');
const label = (text: string) => text.replaceAll('"', "'");

export function mermaid(pipeline: PipelineDefinition): string {
  const lines = ['flowchart LR'];
  for (const step of pipeline.steps) {
    lines.push(`  ${node(step.id)}["${label(step.id)}<br/>${step.kind}"]`);
    for (const dep of dependenciesOf(step)) lines.push(`  ${node(dep)} --> ${node(step.id)}`);
    const from = sourceLabel(step);
    if (from) lines.push(`  src_${node(step.id)}[("${label(from)}")] --> ${node(step.id)}`);
    if (step.kind === 'load')
      lines.push(`  ${node(step.id)} --> tbl_${node(step.target.table)}[("${label(step.target.table)}")]`);
  }
  return lines.join('\n');
}
