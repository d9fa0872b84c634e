// `sluice backfill <pipeline> --from A --to B`: one child run per partition in the range, bounded in parallel.
import type { Command } from 'commander';
import { MAX_BACKFILL_PARALLEL } from '../../core/backfill/backfill-input';
import { backfillStatusQuery } from '../../core/backfill/backfill-messages';
import type { BackfillResult } from '../../core/backfill/backfill-types';
import { listPartitionKeys } from '../../core/partitions/partitions';
import { PartitionError } from '../../core/partitions/partition-error';
import type { backfillPipeline } from '../../workflows';
import { startBackfill } from '../../client/backfill';
import { RunFailedError } from '../../client/run-errors';
import { catalogPipeline } from '../catalog-pipeline';
import { cliProject } from '../cli-project';
import { UsageError } from '../exit-codes';
import { emit } from '../output';
import { withClient } from '../with-client';

interface BackfillFlags {
  from: string;
  to: string;
  maxParallel: string;
  force?: boolean;
  wait?: boolean;
  json?: boolean;
}

const POLL_MS = 1000;

export function registerBackfillCommand(program: Command): void {
  program
    .command('backfill <pipeline>')
    .description('run every partition from --from to --to (inclusive); already succeeded ones are skipped')
    .requiredOption('--from <key>', 'first partition, e.g. 2026-11-01')
    .requiredOption('--to <key>', 'last partition, included')
    .option('--max-parallel <n>', `partition runs at once (1-${MAX_BACKFILL_PARALLEL})`, '4')
    .option('--force', 're-run partitions that already succeeded')
    .option('--wait', 'follow the backfill until it ends; exit 1 if any partition failed')
    .option('--json', 'print one JSON document')
    .action((name: string, flags: BackfillFlags) => backfill(name, flags));
}

async function backfill(name: string, flags: BackfillFlags): Promise<void> {
  const pipeline = catalogPipeline((await cliProject()).catalog, name);
  if (!pipeline.partitions)
    throw new UsageError(`pipeline "${name}" declares no partitions; a backfill needs them`);
  const maxParallel = Number(flags.maxParallel);
  if (!Number.isInteger(maxParallel) || maxParallel < 1 || maxParallel > MAX_BACKFILL_PARALLEL) {
    throw new UsageError(
      `--max-parallel must be a whole number from 1 to ${MAX_BACKFILL_PARALLEL}, got "${flags.maxParallel}"`,
    );
  }
  let partitions: string[];
  try {
    partitions = listPartitionKeys(pipeline.partitions, flags.from, flags.to);
  } catch (err) {
    if (err instanceof PartitionError) throw new UsageError(err.message);
    throw err;
  }
  await withClient(async (client) => {
    const handle = await startBackfill(client.temporal, {
      pipeline: name,
      from: flags.from,
      to: flags.to,
      maxParallel,
      force: Boolean(flags.force),
      taskQueue: client.taskQueue,
    });
    if (!flags.json) process.stdout.write(`Started ${handle.workflowId}: ${partitions.length} partitions\n`);
    if (!flags.wait) {
      if (flags.json)
        emit(
          flags,
          { workflowId: handle.workflowId, pipeline: name, partitions: partitions.length, status: 'started' },
          () => '',
        );
      return;
    }
    const result = await follow(handle, Boolean(flags.json));
    emit(
      flags,
      { workflowId: handle.workflowId, ...result },
      () =>
        `done ${result.done}, skipped ${result.skipped}, failed ${result.failed}${result.failed ? `: ${result.failedPartitions.map((p) => p.key).join(', ')}` : ''}`,
    );
    if (result.failed > 0) throw new RunFailedError(`${result.failed} partitions failed`, result);
  });
}

async function follow(
  handle: Awaited<ReturnType<typeof startBackfill>>,
  quiet: boolean,
): Promise<BackfillResult> {
  const result = handle.result() as Promise<Awaited<ReturnType<typeof backfillPipeline>>>;
  let finished = false;
  void result.finally(() => (finished = true)).catch(() => undefined);
  let last = '';
  while (!finished && !quiet) {
    const status = await handle.query(backfillStatusQuery).catch(() => undefined);
    const line = status
      ? `${status.done + status.skipped + status.failed}/${status.total} finished (running ${status.running}, failed ${status.failed})${status.paused ? ' paused' : ''}`
      : '';
    if (line && line !== last) process.stdout.write(`${new Date().toISOString()} ${line}\n`);
    last = line;
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, POLL_MS))]);
  }
  return result;
}
