// `sluice preview <pipeline>`: a durable run whose loads write scratch tables; prints what each would change.
import type { Command } from 'commander';
import { catalogPipeline, checkPartition } from '../catalog-pipeline';
import { optionalCliProject } from '../cli-project';
import { UsageError } from '../exit-codes';
import { emit } from '../output';
import { collectParam, parseParams } from '../parse-params';
import { previewText } from '../preview-text';
import { withClient } from '../with-client';

interface PreviewFlags {
  partition?: string;
  param?: string[];
  sample?: string;
  json?: boolean;
}

export function registerPreviewCommand(program: Command): void {
  program
    .command('preview <pipeline>')
    .description(
      'run the pipeline with its loads writing scratch tables, and show what they would change; exit 0 when it ran, 1 when it failed',
    )
    .option('--partition <key>', 'the partition to preview')
    .option('--param <key=value>', 'a parameter for the steps; repeatable', collectParam)
    .option('--sample <n>', 'read only the first n records of each source')
    .option('--json', 'print one JSON document (see README: sluice preview)')
    .action((pipeline: string, flags: PreviewFlags) => preview(pipeline, flags));
}

function parseSample(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new UsageError(`--sample expects a whole number of records above 0, got "${text}"`);
  return Number(text);
}

async function preview(pipeline: string, flags: PreviewFlags): Promise<void> {
  const project = await optionalCliProject(); // without one, the worker refuses what the project would have
  if (project) {
    const definition = catalogPipeline(project.catalog, pipeline);
    if (!definition.steps.some((step) => step.kind === 'load'))
      throw new UsageError(
        `${pipeline} has no load step, and a preview shows what loads would change; preview a pipeline that loads`,
      );
    checkPartition(definition, flags.partition);
  }
  const params = parseParams(flags.param);
  const sample = parseSample(flags.sample);
  await withClient(async (client) => {
    const report = await client.runs.preview({
      pipeline,
      params,
      ...(flags.partition ? { partition: flags.partition } : {}),
      preview: sample !== undefined ? { sample } : {},
    });
    emit(flags, { status: 'previewed', ...report }, () => previewText(report));
  });
}
