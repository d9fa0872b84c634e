// `sluice run <pipeline>`: starts a run (or attaches to the running one), optionally waiting for its end.
import type { Command } from 'commander';
import { DecryptionError } from '../../runtime/codec/decryption-error';
import { RunUnreadableError } from '../../client/run-errors';
import { RunAlreadyRunningError } from '../../client/start-run';
import { catalogPipeline, checkPartition } from '../catalog-pipeline';
import { optionalCliProject } from '../cli-project';
import { emit } from '../output';
import { collectParam, parseParams } from '../parse-params';
import { stepTable } from '../tables';
import { watchRun } from '../watch-run';
import { withClient } from '../with-client';

interface RunFlags {
  partition?: string;
  param?: string[];
  wait?: boolean;
  attach?: boolean;
  json?: boolean;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run <pipeline>')
    .description('start a run of a pipeline')
    .option('--partition <key>', 'the partition to run (also the workflow id suffix)')
    .option('--param <key=value>', 'a parameter for the steps; repeatable', collectParam)
    .option('--wait', 'follow the run until it ends; exit 0 on success, 1 on failure')
    .option('--attach', 'if this partition is running already, follow that run instead of refusing')
    .option('--json', 'print one JSON document')
    .action((pipeline: string, flags: RunFlags) => run(pipeline, flags));
}

async function run(pipeline: string, flags: RunFlags): Promise<void> {
  const project = await optionalCliProject(); // without one, a thin client: the worker checks the name
  if (project) checkPartition(catalogPipeline(project.catalog, pipeline), flags.partition);
  const params = parseParams(flags.param);
  await withClient(async (client) => {
    let workflowId: string;
    let attached = false;
    try {
      ({ workflowId } = await client.start({
        pipeline,
        params,
        ...(flags.partition ? { partition: flags.partition } : {}),
      }));
    } catch (err) {
      if (!(err instanceof RunAlreadyRunningError && flags.attach)) throw err;
      ({ workflowId } = err);
      attached = true;
    }
    if (!flags.json) process.stdout.write(`${attached ? 'Attached to' : 'Started'} ${workflowId}\n`);
    if (!flags.wait && !flags.attach) {
      if (flags.json) emit(flags, { workflowId, pipeline, status: 'started' }, () => '');
      return;
    }
    const summary = await watchRun(client, workflowId, {
      quiet: Boolean(flags.json),
      out: process.stdout,
    }).catch((err: unknown) => {
      throw err instanceof DecryptionError ? new RunUnreadableError(workflowId, err) : err;
    });
    emit(flags, { workflowId, pipeline, status: summary.status, summary }, () => stepTable(summary));
  });
}
