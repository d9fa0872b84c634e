// Schedules on the real dev server: scheduled runs derive their partition; syncSchedules converges and reports.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec } from '../../runtime/codec/encryption-codec';
import type { PipelineDefinition } from '../../core/pipeline/define-pipeline';
import { PipelineScheduleError } from '../../client/schedule-error';
import {
  backfillSchedule,
  createSchedule,
  deleteSchedule,
  describeSchedule,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
} from '../../client/schedules';
import { syncSchedules, type ScheduleSyncReport } from '../../client/sync-schedules';
import { TemporalScheduledStartTime } from '../../core/run/search-attributes';
import type { RunPipelineInput } from '../../core/run/run-types';
import { recordHistory } from '../support/record-history';
import { startScriptedWorker, tenRows, type ScriptedWorker } from '../support/scripted-worker';
import { startTestStack, type TestStack } from '../support/test-stack';
import { pipeline, step } from '../workflows/pipelines';

/** Daily partitions in Tokyo (UTC+9, no DST); due at 02:00 Tokyo time, loading the day before. */
const tokyoDaily = pipeline('tokyo_daily', [step('work')], {
  partitions: { kind: 'daily', start: '2020-01-01', timezone: 'Asia/Tokyo' },
  schedule: { cron: '0 2 * * *', timezone: 'Asia/Tokyo', paused: true },
});
/** Unpaused, but due only on 29 February at midnight in Berlin. */
const leapHourly = pipeline('leap_hourly', [step('work')], {
  partitions: { kind: 'hourly', start: '2020-01-01T00', timezone: 'Europe/Berlin' },
  schedule: { cron: '0 0 29 2 *', timezone: 'Europe/Berlin', overlap: 'buffer_one', catchupWindow: '2h' },
});
const retired = pipeline('retired', [step('work')], { schedule: { cron: '@daily', paused: true } });
const catalog = new Map<string, PipelineDefinition>(
  [tokyoDaily, leapHourly, pipeline('unscheduled', [step('work')])].map((p) => [p.name, p]),
);

let stack: TestStack;
let worker: ScriptedWorker;
const partitionsSeen: string[] = [];
before(async () => {
  stack = await startTestStack();
  worker = await startScriptedWorker(stack, new Map([...catalog, ['retired', retired]]));
  worker.scripts.set('tokyo_daily/work', async (input) => {
    partitionsSeen.push(input.partition ?? '(none)');
    return tenRows(input, 1);
  });
});
after(async () => {
  await worker.stop();
  await stack.stopAll();
});

const client = () => stack.temporal.client;
const target = () => ({ taskQueue: worker.taskQueue });

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function closedRuns(pipelineName: string): Promise<WorkflowExecutionInfo[]> {
  const runs: WorkflowExecutionInfo[] = [];
  const query = `WorkflowType = 'runPipeline' AND SluicePipeline = '${pipelineName}' AND ExecutionStatus = 'Completed'`;
  for await (const run of client().workflow.list({ query })) runs.push(run);
  return runs;
}

/** The Tokyo calendar day before the one holding `instant`. */
const tokyoDayBefore = (instant: Date) =>
  new Date(instant.getTime() + 9 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

const names = (changes: { pipeline: string }[]) => changes.map((c) => c.pipeline).sort();

test('a triggered schedule starts a run whose partition is the day before its scheduled time', async () => {
  await createSchedule(client(), tokyoDaily, target());
  await triggerSchedule(client(), 'tokyo_daily');
  const [run] = await eventually('the scheduled run to finish', async () => {
    const runs = await closedRuns('tokyo_daily');
    return runs.length > 0 ? runs : undefined;
  });
  assert.ok(run);
  assert.match(run.workflowId, /^sluice\/tokyo_daily\/scheduled-/);
  const scheduledAt = run.typedSearchAttributes.get(TemporalScheduledStartTime);
  assert.ok(scheduledAt instanceof Date, 'Temporal recorded the scheduled time');
  const expected = tokyoDayBefore(scheduledAt);
  const attributes = await eventually('SluicePartition to be visible', async () => {
    const [seen] = await closedRuns('tokyo_daily');
    return seen?.searchAttributes.SluicePartition?.[0] ? seen.searchAttributes : undefined;
  });
  assert.deepEqual(attributes.SluicePartition, [expected]);
  assert.deepEqual(attributes.SluiceTrigger, ['schedule']);
  assert.deepEqual(attributes.SluiceStatus, ['succeeded']);
  const handle = client().workflow.getHandle(run.workflowId);
  const summary = await handle.result();
  assert.equal(summary.partition, expected);
  assert.deepEqual(partitionsSeen, [expected], 'the step ran for the derived partition');
  const started = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
  const [stored] = await new EncryptionCodec(stack.keyRing).decode(
    (started?.input?.payloads ?? []) as Payload[],
  );
  const input = JSON.parse(Buffer.from(stored?.data ?? []).toString()) as RunPipelineInput;
  assert.deepEqual(
    input,
    { pipeline: 'tokyo_daily', trigger: 'schedule' },
    'the schedule passes no partition',
  );
  const { rows } = await stack.pool.query(
    `SELECT partition_key, trigger, status FROM sluice.runs WHERE workflow_id = $1`,
    [run.workflowId],
  );
  assert.deepEqual(rows, [{ partition_key: expected, trigger: 'schedule', status: 'succeeded' }]);
  await recordHistory(handle, 'scheduled-run', stack.temporalAddress);
});

test("a schedule backfill takes the schedule's past runs, each loading the day before its own time", async () => {
  partitionsSeen.length = 0;
  // 02:00 in Tokyo is 17:00 UTC the day before: three runs fall in this range.
  await backfillSchedule(client(), 'tokyo_daily', {
    start: new Date('2026-01-10T00:00:00Z'),
    end: new Date('2026-01-12T23:59:00Z'),
  });
  await eventually('three backfilled runs', async () => (partitionsSeen.length >= 3 ? true : undefined));
  assert.deepEqual(partitionsSeen.sort(), ['2026-01-10', '2026-01-11', '2026-01-12']);
  await deleteSchedule(client(), 'tokyo_daily');
});

test('schedule functions name the pipeline when its schedule is missing or exists already', async () => {
  await assert.rejects(
    describeSchedule(client(), 'unscheduled'),
    new PipelineScheduleError(
      'unscheduled',
      'pipeline unscheduled has no schedule in Temporal (sluice/unscheduled); declare one and run syncSchedules',
    ),
  );
  await assert.rejects(
    createSchedule(client(), catalog.get('unscheduled')!, target()),
    /declares no schedule/,
  );
  await createSchedule(client(), leapHourly, target());
  await assert.rejects(
    createSchedule(client(), leapHourly, target()),
    /already has a schedule \(sluice\/leap_hourly\)/,
  );
  await deleteSchedule(client(), 'leap_hourly');
});

test('syncSchedules creates, deletes orphans, leaves foreign schedules, and a second sync changes nothing', async () => {
  await createSchedule(client(), retired, target());
  await client().schedule.create({
    scheduleId: 'nightly-report',
    spec: { cronExpressions: ['0 3 * * *'] },
    action: { type: 'startWorkflow', workflowType: 'report', taskQueue: 'elsewhere', args: [] },
    state: { paused: true },
  });
  await eventually('the orphan to be listed', async () =>
    (await listSchedules(client())).some((s) => s.pipeline === 'retired') ? true : undefined,
  );

  const dry = await syncSchedules(client(), catalog, { ...target(), dryRun: true });
  const expectFirst = (report: ScheduleSyncReport) => {
    assert.deepEqual(names(report.created), ['leap_hourly', 'tokyo_daily']);
    assert.deepEqual(report.deleted, [
      {
        pipeline: 'retired',
        scheduleId: 'sluice/retired',
        reasons: ['the pipeline is no longer in the catalog'],
      },
    ]);
    assert.deepEqual([report.updated, report.unchanged], [[], []]);
  };
  expectFirst(dry);
  assert.equal(dry.dryRun, true);
  await assert.rejects(
    describeSchedule(client(), 'tokyo_daily'),
    PipelineScheduleError,
    'dry run created nothing',
  );
  await describeSchedule(client(), 'retired');

  expectFirst(await syncSchedules(client(), catalog, target()));
  await assert.rejects(describeSchedule(client(), 'retired'), PipelineScheduleError);
  await client().schedule.getHandle('nightly-report').describe();
  const leap = await describeSchedule(client(), 'leap_hourly');
  assert.deepEqual(
    [leap.spec.timezone, leap.policies.overlap, leap.policies.catchupWindow],
    ['Europe/Berlin', 'BUFFER_ONE', 7_200_000],
  );
  assert.equal(leap.state.paused, false);
  assert.equal((await describeSchedule(client(), 'tokyo_daily')).state.paused, true);

  const second = await syncSchedules(client(), catalog, target());
  assert.deepEqual(names(second.unchanged), ['leap_hourly', 'tokyo_daily']);
  assert.deepEqual([second.created, second.updated, second.deleted], [[], [], []]);
});

test('syncSchedules updates what drifted, with reasons, and undoes a manual pause', async () => {
  const edited = pipeline('tokyo_daily', [step('work')], {
    partitions: tokyoDaily.partitions!,
    schedule: { cron: ['30 3 * * MON-FRI'], timezone: 'Asia/Tokyo', overlap: 'buffer_all', paused: true },
  });
  const changed = new Map(catalog).set('tokyo_daily', edited);
  await pauseSchedule(client(), 'leap_hourly');
  const dry = await syncSchedules(client(), changed, { ...target(), dryRun: true });
  const report = await syncSchedules(client(), changed, target());
  assert.deepEqual(dry.updated, report.updated, 'the dry run predicted the update');
  const byName = new Map(report.updated.map((c) => [c.pipeline, c.reasons]));
  assert.deepEqual(byName.get('leap_hourly'), ['paused: true → false']);
  assert.deepEqual(byName.get('tokyo_daily'), [
    "cron: Temporal's times differ from '30 3 * * MON-FRI'",
    'overlap: SKIP → BUFFER_ALL',
  ]);
  const again = await syncSchedules(client(), changed, target());
  assert.deepEqual(names(again.unchanged), ['leap_hourly', 'tokyo_daily']);
  assert.deepEqual((await listSchedules(client())).map((s) => [s.pipeline, s.scheduleId]).sort(), [
    ['leap_hourly', 'sluice/leap_hourly'],
    ['tokyo_daily', 'sluice/tokyo_daily'],
  ]);
});
