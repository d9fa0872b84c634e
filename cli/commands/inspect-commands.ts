// `sluice status | watch | describe | list`: what runs are doing and have done, and following one to its end.
import type { Command } from 'commander';
import type { RunStatus } from '../../core/run/run-state';
import { UsageError } from '../exit-codes';
import { emit } from '../output';
import { runsTable, stepTable } from '../tables';
import { watchRun } from '../watch-run';
import { withClient } from '../with-client';

const STATUSES = ['queued', 'running', 'paused', 'waiting', 'succeeded', 'failed', 'cancelled'];

interface ListFlags {
  pipeline?: string;
  status?: string;
  partition?: string;
  since?: string;
  limit: string;
  json?: boolean;
}

export function registerInspectCommands(program: Command): void {
  program
    .command('status <run>')
    .description("a run's step table: state, attempts, rows, errors")
    .option('--wait', 'follow the run until it ends, as `watch`')
    .option('--json', 'print one JSON document')
    .action((run: string, flags: { wait?: boolean; json?: boolean }) =>
      withClient(async (client) => {
        if (flags.wait) return watchRun(client, run, flags);
        const state = await client.runs.status(run);
        emit(flags, { workflowId: run, ...state }, () => stepTable(state));
      }),
    );

  program
    .command('watch <run>')
    .description('follow a run until it ends, as `run --wait`: exit 0 if it succeeded, 1 if not')
    .option('--json', 'print one JSON document when it ends')
    .action((run: string, flags: { json?: boolean }) => withClient((client) => watchRun(client, run, flags)));

  program
    .command('describe <run>')
    .description("a run's Temporal execution next to its step table")
    .option('--json', 'print one JSON document')
    .action((run: string, flags: { json?: boolean }) =>
      withClient(async (client) => {
        const description = await client.runs.describe(run);
        emit(flags, description, () =>
          [
            `${description.workflowId} (run ${description.runId})`,
            `temporal status: ${description.temporalStatus}, started ${description.startTime}${description.closeTime ? `, closed ${description.closeTime}` : ''}`,
            `history events: ${description.historyLength}`,
            ...Object.entries(description.memo).map(([k, v]) => `${k}: ${String(v)}`),
            stepTable(description.state),
          ].join('\n'),
        );
      }),
    );

  program
    .command('list')
    .description('recent runs, newest first')
    .option('--pipeline <name>', 'only this pipeline')
    .option('--status <status>', `only runs in this state: ${STATUSES.join(', ')}`)
    .option('--partition <key>', 'only this partition')
    .option('--since <iso-time>', 'only runs started at or after this time')
    .option('--limit <n>', 'at most this many runs', '20')
    .option('--json', 'print one JSON document')
    .action((flags: ListFlags) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError(`--limit must be a whole number of at least 1, got "${flags.limit}"`);
      if (flags.status && !STATUSES.includes(flags.status)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got "${flags.status}"`);
      }
      if (flags.since && Number.isNaN(Date.parse(flags.since))) {
        throw new UsageError(`--since must be an ISO time like 2026-11-01T00:00:00Z, got "${flags.since}"`);
      }
      return withClient(async (client) => {
        const runs = await client.runs.list(
          {
            ...(flags.pipeline ? { pipeline: flags.pipeline } : {}),
            ...(flags.status ? { status: flags.status as RunStatus } : {}),
            ...(flags.partition ? { partition: flags.partition } : {}),
            ...(flags.since ? { since: new Date(flags.since).toISOString() } : {}),
          },
          limit,
        );
        emit(flags, { runs }, () => runsTable(runs));
      });
    });
}
