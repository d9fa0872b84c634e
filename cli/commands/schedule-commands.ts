// `sluice schedule …`: a pipeline's Temporal Schedule, and `sync` to make Temporal match the catalog.
import type { Command } from 'commander';
import type { ScheduleDescription } from '@temporalio/client';
import {
  backfillSchedule,
  createSchedule,
  deleteSchedule,
  describeSchedule,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
  updateSchedule,
} from '../../client/schedules';
import { syncSchedules, type ScheduleSyncReport } from '../../client/sync-schedules';
import { catalogPipeline } from '../catalog-pipeline';
import { cliProject } from '../cli-project';
import { UsageError } from '../exit-codes';
import { emit } from '../output';
import { withClient } from '../with-client';

type Flags = { json?: boolean; note?: string; start?: string; end?: string; dryRun?: boolean };

/** The pipeline's definition in the project, which must declare a schedule. */
async function scheduled(name: string) {
  const pipeline = catalogPipeline((await cliProject()).catalog, name);
  if (!pipeline.schedule)
    throw new UsageError(`pipeline "${name}" declares no schedule; add \`schedule: { cron }\` to it`);
  return pipeline;
}

function isoTime(flag: string, value: string | undefined): Date {
  const time = value === undefined ? Number.NaN : Date.parse(value);
  if (Number.isNaN(time))
    throw new UsageError(`${flag} must be an ISO time like 2026-11-01T00:00:00Z, got "${value}"`);
  return new Date(time);
}

const describe = (d: ScheduleDescription) => ({
  scheduleId: d.scheduleId,
  paused: d.state.paused,
  note: d.state.note ?? null,
  spec: d.spec,
  nextRuns: d.info.nextActionTimes.map((t) => t.toISOString()),
  recentRuns: d.info.recentActions.map((a) => ({
    scheduledAt: a.scheduledAt.toISOString(),
    workflowId: a.action.workflow.workflowId,
  })),
});

const syncText = (report: ScheduleSyncReport) =>
  (['created', 'updated', 'deleted', 'unchanged'] as const)
    .flatMap((kind) =>
      report[kind].map(
        (c) =>
          `${report.dryRun && kind !== 'unchanged' ? 'would be ' : ''}${kind}: ${c.pipeline}${c.reasons.length ? ` (${c.reasons.join('; ')})` : ''}`,
      ),
    )
    .join('\n') || 'no schedules declared or found';

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description("pipelines' Temporal Schedules (cron)");
  const simple = (
    verb: string,
    description: string,
    act: (pipeline: string, flags: Flags) => Promise<unknown>,
  ) =>
    schedule
      .command(`${verb} <pipeline>`)
      .description(description)
      .option('--json', 'print one JSON document')
      .action((pipeline: string, flags: Flags) =>
        withClient(async () => {
          const details = await act(pipeline, flags);
          emit(
            flags,
            { pipeline, action: verb, ok: true, ...(details ? { details } : {}) },
            () => `${verb}: ${pipeline}`,
          );
        }),
      );

  const withTemporal = <T>(
    fn: (client: Parameters<typeof createSchedule>[0], taskQueue: string) => Promise<T>,
  ) => withClient((c) => fn(c.temporal, c.taskQueue));

  simple('create', 'create the schedule the pipeline declares', async (p) => {
    const pipeline = await scheduled(p);
    return withTemporal((c, taskQueue) => createSchedule(c, pipeline, { taskQueue }).then(() => undefined));
  });
  simple('update', 'make the schedule match the pipeline’s declaration', async (p) => {
    const pipeline = await scheduled(p);
    return withTemporal((c, taskQueue) => updateSchedule(c, pipeline, { taskQueue }));
  });
  simple('trigger', 'start one scheduled run now', (p) => withTemporal((c) => triggerSchedule(c, p)));
  simple('delete', 'delete the schedule (runs already started go on)', (p) =>
    withTemporal((c) => deleteSchedule(c, p)),
  );
  for (const [verb, act] of [
    ['pause', pauseSchedule],
    ['unpause', unpauseSchedule],
  ] as const) {
    simple(verb, `${verb} the schedule (a trigger still runs)`, (p, flags) =>
      withTemporal((c) => act(c, p, flags.note)),
    ).option('--note <text>', 'shown in the Temporal UI');
  }
  simple('backfill', 'take the runs the schedule would have taken between --start and --end', (p, flags) =>
    withTemporal((c) =>
      backfillSchedule(c, p, { start: isoTime('--start', flags.start), end: isoTime('--end', flags.end) }),
    ),
  )
    .requiredOption('--start <iso-time>', 'from this time')
    .requiredOption('--end <iso-time>', 'to this time');

  schedule
    .command('describe <pipeline>')
    .description("the schedule's spec, state, next and recent runs")
    .option('--json', 'print one JSON document')
    .action((pipeline: string, flags: Flags) =>
      withClient(async (c) => {
        const shown = describe(await describeSchedule(c.temporal, pipeline));
        emit(flags, shown, () => JSON.stringify(shown, null, 2));
      }),
    );
  schedule
    .command('list')
    .description('every schedule Sluice owns')
    .option('--json', 'print one JSON document')
    .action((flags: Flags) =>
      withClient(async (c) => {
        const schedules = await listSchedules(c.temporal);
        emit(
          flags,
          { schedules },
          () =>
            schedules
              .map(
                (s) =>
                  `${s.pipeline.padEnd(28)} ${s.paused ? 'paused ' : 'active '} next ${s.nextRuns[0]?.toISOString() ?? '-'}`,
              )
              .join('\n') || 'no schedules',
        );
      }),
    );
  schedule
    .command('sync')
    .description('make Temporal hold exactly the schedules the catalog declares; shows the difference')
    .option('--dry-run', 'show what would change, change nothing')
    .option('--json', 'print one JSON document')
    .action(async (flags: Flags) => {
      const { catalog } = await cliProject();
      await withClient(async (c) => {
        const report = await syncSchedules(c.temporal, catalog, {
          taskQueue: c.taskQueue,
          dryRun: Boolean(flags.dryRun),
        });
        emit(flags, report, () => syncText(report));
      });
    });
}
