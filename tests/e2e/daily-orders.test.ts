// The partitioned example through the real CLI: one day, a 31-day backfill loading each day exactly once, repeats.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { useCliHarness } from '../support/cli-harness';
import { EXAMPLE_DIR } from '../support/example-project';

const cli = useCliHarness('daily-orders');
const json = async (...args: string[]) => {
  const result = await cli.json(...args);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return result.doc;
};

/** Orders per UTC day, counted straight from the sample file. */
const ordersPerDay = (() => {
  const counts = new Map<string, number>();
  const [, ...lines] = readFileSync(path.join(EXAMPLE_DIR, 'data/daily-orders.csv'), 'utf8')
    .trim()
    .split('\n');
  for (const line of lines) {
    const day = (line.split(',')[4] as string).slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
})();

const october = Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);

/** Per loaded day: its rows, and how many runs wrote them. */
async function loadedDays(): Promise<Map<string, { rows: number; runs: number }>> {
  const { rows } = await cli.stack.pool.query<{ day: string; rows: number; runs: number }>(
    `SELECT to_char(order_date, 'YYYY-MM-DD') AS day, count(*)::int AS rows,
            count(DISTINCT _sluice_run_id)::int AS runs
     FROM fct_daily_orders GROUP BY 1 ORDER BY 1`,
  );
  return new Map(rows.map((r) => [r.day, { rows: r.rows, runs: r.runs }]));
}

/** The most runs of the pipeline that were running at the same moment (from sluice.runs). */
async function peakConcurrentRuns(): Promise<number> {
  const { rows } = await cli.stack.pool.query<{ peak: number }>(
    `SELECT max(running)::int AS peak FROM (
       SELECT sum(delta) OVER (ORDER BY at, delta) AS running FROM (
         SELECT started_at AS at, 1 AS delta FROM sluice.runs WHERE pipeline = 'daily_orders'
         UNION ALL SELECT ended_at, -1 FROM sluice.runs WHERE pipeline = 'daily_orders') edges) timeline`,
  );
  return rows[0]?.peak ?? 0;
}

test('a run needs its partition, and loads exactly that day', async () => {
  const bare = await cli.sluice('run', 'daily_orders');
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /step load_daily_orders replaces one partition; pass --partition/);
  const run = await json('run', 'daily_orders', '--partition', '2026-11-05', '--wait');
  assert.equal(run.status, 'succeeded', JSON.stringify(run));
  assert.deepEqual(
    await loadedDays(),
    new Map([['2026-11-05', { rows: ordersPerDay.get('2026-11-05'), runs: 1 }]]),
  );
});

test('a 31-day backfill with --max-parallel 4 loads every day exactly once; a repeat skips; --force changes nothing', async () => {
  const first = await json(
    ...[
      'backfill',
      'daily_orders',
      '--from',
      '2026-10-01',
      '--to',
      '2026-10-31',
      '--max-parallel',
      '4',
      '--wait',
    ],
  );
  assert.deepEqual([first.total, first.done, first.failed], [31, 31, 0]);
  assert.ok((await peakConcurrentRuns()) <= 4, 'never more than 4 partitions at once');
  const loaded = await loadedDays();
  for (const day of october) assert.deepEqual(loaded.get(day), { rows: ordersPerDay.get(day), runs: 1 }, day);
  const ledger = await cli.stack.pool.query<{ n: number; days: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT r.partition_key)::int AS days
     FROM sluice.loads l JOIN sluice.runs r USING (workflow_id, run_id)
     WHERE l.pipeline = 'daily_orders' AND r.partition_key LIKE '2026-10-%'`,
  );
  assert.deepEqual(ledger.rows[0], { n: 31, days: 31 });

  const again = await json(
    'backfill',
    'daily_orders',
    '--from',
    '2026-10-01',
    '--to',
    '2026-10-31',
    '--wait',
  );
  assert.deepEqual([again.skipped, again.done], [31, 0]);
  const forced = await json(
    ...['backfill', 'daily_orders', '--from', '2026-10-10', '--to', '2026-10-12', '--force', '--wait'],
  );
  assert.deepEqual([forced.total, forced.done], [3, 3]);
  assert.deepEqual(await loadedDays(), loaded, 'replacing a partition again leaves the same rows');
});
