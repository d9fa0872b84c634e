// `sluice backfill <pipeline> --from A --to B`: one child run per partition in the range, bounded in parallel.
import type { Command } from 'commander';
import { MAX_BACKFILL_PARALLEL } from '../../core/backfill/backfill-input';
import type { BackfillCounts, BackfillResult, BackfillStatus } from '../../core/backfill/backfill-types';
import { listPartitionKeys } from '../../core/partitions/partitions';
import { PartitionError } from '../../core/partitions/partition-error';
import { RunFailedError } from '../../client/run-errors';
import { catalogPipeline } from '../catalog-pipeline';
import { cliProject } from '../cli-project';
import { UsageError } from '../exit-codes';
import { followLive, type ProgressView } from '../follow-live';
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
    const { workflowId } = await client.backfills.start({
      pipeline: name,
      from: flags.from,
      to: flags.to,
      maxParallel,
      force: Boolean(flags.force),
    });
    if (!flags.json) process.stdout.write(`Started ${workflowId}: ${partitions.length} partitions\n`);
    if (!flags.wait) {
      if (flags.json)
        emit(
          flags,
          { workflowId, pipeline: name, partitions: partitions.length, status: 'started' },
          () => '',
        );
      return;
    }
    const result = await followLive<BackfillProgress, BackfillResult>(
      (options) => client.backfills.watch(workflowId, options),
      backfillView(),
      {
        quiet: Boolean(flags.json),
        out: process.stdout,
        last: (end) => (end.status === 'fulfilled' ? { ...end.value, paused: false } : undefined),
      },
    );
    emit(
      flags,
      { workflowId, ...result },
      () =>
        `done ${result.done}, skipped ${result.skipped}, failed ${result.failed}${result.failed ? `: ${result.failedPartitions.map((p) => p.key).join(', ')}` : ''}`,
    );
    if (result.failed > 0) throw new RunFailedError(`${result.failed} partitions failed`, result);
  });
}

/** What the progress line reads: a status query's answer, or the result at the end. */
type BackfillProgress = BackfillCounts & Pick<BackfillStatus, 'paused'>;

/** `12/31 finished (running 4, failed 0)`, or `planning` before the backfill has listed its range: the frame, and a
 * change whenever it reads differently. */
function backfillView(): (status: BackfillProgress) => ProgressView {
  let last = '';
  return (status) => {
    const line =
      status.total === 0
        ? 'planning'
        : `${status.done + status.skipped + status.failed}/${status.total} finished (running ${status.running}, failed ${status.failed})${status.paused ? ' paused' : ''}`;
    const changes = line === last ? [] : [line];
    last = line;
    return { frame: line, changes };
  };
}
