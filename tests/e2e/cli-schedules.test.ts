// `sluice backfill` and `sluice schedule …` as processes on the real stack: ranges, skips, sync, trigger.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startProcess } from '../support/run-process';
import { useCliHarness } from '../support/cli-harness';

const cli = useCliHarness('cli-sched');
const sluice = cli.sluice;
const json = async (...args: string[]) => {
  const result = await cli.json(...args);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return result.doc;
};

test('backfill --wait runs every partition once; a repeat skips them; bad ranges exit 2', async () => {
  const first = await json(
    'backfill',
    'orders_csv',
    '--from',
    '2026-11-01',
    '--to',
    '2026-11-05',
    '--max-parallel',
    '2',
    '--wait',
  );
  assert.equal(first.total, 5);
  assert.equal(first.done, 5);
  assert.equal(first.failed, 0);
  const again = await json('backfill', 'orders_csv', '--from', '2026-11-01', '--to', '2026-11-05', '--wait');
  assert.equal(again.skipped, 5);
  assert.equal(again.done, 0);
  const runs = await cli.stack.pool.query(
    `SELECT partition_key, count(*)::int AS n FROM sluice.runs WHERE pipeline = 'orders_csv' AND status = 'succeeded'
     GROUP BY 1 ORDER BY 1`,
  );
  assert.deepEqual(
    runs.rows.map((r: { partition_key: string; n: number }) => [r.partition_key, r.n]),
    ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'].map((k) => [k, 1]),
  );
  for (const [args, message] of [
    [['--from', '2026-11-05', '--to', '2026-11-01'], /after/],
    [['--from', '2026-11-01T05', '--to', '2026-11-02'], /2026-11-01T05/],
    [['--from', '2026-11-01', '--to', '2026-11-02', '--max-parallel', '0'], /--max-parallel must be/],
  ] as [string[], RegExp][]) {
    const result = await sluice('backfill', 'orders_csv', ...args);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, message);
  }
  const unpartitioned = await sluice('backfill', 'orders_reviewed', '--from', 'a', '--to', 'b');
  assert.equal(unpartitioned.code, 2);
  assert.match(unpartitioned.stderr, /declares no partitions/);
  const badPartition = await sluice('run', 'orders_csv', '--partition', 'yesterday');
  assert.equal(badPartition.code, 2);
  assert.match(badPartition.stderr, /--partition yesterday/);
});

test('sluice worker runs a worker from the environment and stops cleanly on SIGTERM', async () => {
  const workerProcess = startProcess(['bin/sluice.js', 'worker'], {
    ...cli.env,
    DATABASE_URL: cli.stack.databaseUrl,
    SLUICE_TASK_QUEUE: 'cli-worker-command',
  });
  await workerProcess.waitFor(/worker polling/);
  workerProcess.child.kill('SIGTERM');
  const done = await workerProcess.done;
  assert.equal(done.code, 0, done.stderr);
});

test('schedule sync creates what the catalog declares, a second sync changes nothing; trigger starts a scheduled run', async () => {
  const dry = await json('schedule', 'sync', '--dry-run');
  assert.deepEqual(
    (dry.created as { pipeline: string }[]).map((c) => c.pipeline),
    ['orders_csv', 'daily_orders'],
  );
  const missing = await sluice('schedule', 'describe', 'orders_csv');
  assert.equal(missing.code, 2, 'a dry run created nothing');
  const sync = await json('schedule', 'sync');
  assert.equal((sync.created as unknown[]).length, 2);
  const second = await json('schedule', 'sync');
  assert.deepEqual([second.created, second.updated, second.deleted], [[], [], []]);
  assert.equal((second.unchanged as unknown[]).length, 2);

  const described = await json('schedule', 'describe', 'orders_csv');
  assert.equal(described.scheduleId, 'sluice/orders_csv');
  assert.equal(described.paused, true);
  assert.deepEqual(await json('schedule', 'unpause', 'orders_csv'), {
    pipeline: 'orders_csv',
    action: 'unpause',
    ok: true,
  });
  await json('schedule', 'trigger', 'orders_csv');
  let scheduled: { trigger?: string; partition?: string }[] = [];
  for (let i = 0; i < 40 && scheduled.length === 0; i += 1) {
    const list = await json('list', '--pipeline', 'orders_csv');
    scheduled = (list.runs as { trigger?: string; partition?: string }[]).filter(
      (r) => r.trigger === 'schedule',
    );
  }
  assert.equal(scheduled.length, 1);
  assert.match(scheduled[0]?.partition ?? '', /^\d{4}-\d{2}-\d{2}$/);
  const listed = await json('schedule', 'list');
  assert.deepEqual((listed.schedules as { pipeline: string }[]).map((s) => s.pipeline).sort(), [
    'daily_orders',
    'orders_csv',
  ]);
  assert.deepEqual(await json('schedule', 'pause', 'orders_csv', '--note', 'incident 42'), {
    pipeline: 'orders_csv',
    action: 'pause',
    ok: true,
  });
  assert.equal((await json('schedule', 'describe', 'orders_csv')).note, 'incident 42');
  await json('schedule', 'update', 'orders_csv');
  const backfilled = await json(
    'schedule',
    'backfill',
    'orders_csv',
    '--start',
    '2026-11-01T00:00:00Z',
    '--end',
    '2026-11-03T00:00:00Z',
  );
  assert.equal(backfilled.ok, true);
  const badTime = await sluice('schedule', 'backfill', 'orders_csv', '--start', 'soon', '--end', 'later');
  assert.equal(badTime.code, 2);
  assert.match(badTime.stderr, /--start must be an ISO time/);
  await json('schedule', 'delete', 'orders_csv');
  const gone = await sluice('schedule', 'trigger', 'orders_csv');
  assert.equal(gone.code, 2);
  const notDeclared = await sluice('schedule', 'create', 'orders_reviewed');
  assert.equal(notDeclared.code, 2);
  assert.match(notDeclared.stderr, /declares no schedule/);
});
