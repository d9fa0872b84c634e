// Sluice's metrics read from its committed run records at scrape time: each run, step, load and check counts once.
import type { Pool } from 'pg';
import { counter, gauge, type HistogramSample, type MetricFamily, type Sample } from './exposition';

/** Upper bounds in seconds: sub-second steps up to runs of hours (the seeds' threshold, 30 min, is one). */
export const DURATION_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200, 21600];

type Row = Record<string, string | number | null>;

const num = (value: string | number | null | undefined): number => Number(value ?? 0);
const text = (value: string | number | null | undefined): string => String(value ?? '');

/** `count(*) FILTER (...)` per bound; the bounds are the constants above, never input. */
const bucketColumns = (seconds: string) =>
  DURATION_BUCKETS.map((bound, i) => `count(*) FILTER (WHERE ${seconds} <= ${bound}) AS b${i}`).join(', ');

function histogramSamples(rows: Row[], labelNames: string[]): HistogramSample[] {
  return rows.map((row) => ({
    labels: Object.fromEntries(labelNames.map((name) => [name, text(row[name])])),
    counts: DURATION_BUCKETS.map((_, i) => num(row[`b${i}`])),
    sum: num(row.sum),
    count: num(row.count),
  }));
}

const samples = (rows: Row[], labelNames: string[], column: string): Sample[] =>
  rows.map((row) => ({
    labels: Object.fromEntries(labelNames.map((name) => [name, text(row[name])])),
    value: num(row[column]),
  }));

const STEP_ROWS = `
  SELECT r.pipeline, s.step, s.kind, sum(s.rows_in) AS rows_in, sum(s.rows_out) AS rows_out,
         sum(s.rows_rejected) AS rows_rejected
    FROM sluice.step_runs s JOIN sluice.runs r USING (workflow_id, run_id)
   GROUP BY r.pipeline, s.step, s.kind ORDER BY 1, 2`;

const STEP_SECONDS = 'extract(epoch FROM s.ended_at - s.started_at)::float8';
const STEP_DURATIONS = `
  SELECT r.pipeline, s.step, s.kind, count(*) AS count, sum(${STEP_SECONDS}) AS sum, ${bucketColumns(STEP_SECONDS)}
    FROM sluice.step_runs s JOIN sluice.runs r USING (workflow_id, run_id)
   WHERE s.started_at IS NOT NULL AND s.ended_at IS NOT NULL
   GROUP BY r.pipeline, s.step, s.kind ORDER BY 1, 2`;

const RUN_SECONDS = 'extract(epoch FROM ended_at - started_at)::float8';
const RUNS_FINISHED = `
  SELECT pipeline, status, count(*) AS count, sum(${RUN_SECONDS}) AS sum, ${bucketColumns(RUN_SECONDS)},
         extract(epoch FROM max(ended_at) FILTER (WHERE status = 'succeeded'))::float8 AS last_success
    FROM sluice.runs WHERE ended_at IS NOT NULL
   GROUP BY pipeline, status ORDER BY 1, 2`;

const LOADS = `
  SELECT pipeline, step, target, sum(rows_written) AS rows FROM sluice.loads
   GROUP BY pipeline, step, target ORDER BY 1, 2, 3`;

const QUARANTINE = `
  SELECT pipeline, step, count(*) AS rows FROM sluice.quarantine GROUP BY pipeline, step ORDER BY 1, 2`;

const CHECKS = `
  SELECT pipeline, step, check_name AS "check", severity, status, count(*) AS count FROM sluice.check_results
   GROUP BY pipeline, step, check_name, severity, status ORDER BY 1, 2, 3, 4, 5`;

/** The newest value each freshness check saw, as of its latest run. */
const FRESHNESS = `
  SELECT pipeline, step, "check", extract(epoch FROM now() - latest)::float8 AS age FROM (
    SELECT DISTINCT ON (pipeline, step, check_name) pipeline, step, check_name AS "check",
           (observed->>'latest')::timestamptz AS latest
      FROM sluice.check_results WHERE kind = 'freshness'
     ORDER BY pipeline, step, check_name, checked_at DESC
  ) newest WHERE latest IS NOT NULL ORDER BY 1, 2, 3`;

/** How a run can end (RunStatus less the states of a run still going). */
const FINAL_STATUSES = ['succeeded', 'failed', 'cancelled'];

/**
 * Runs finished per pipeline and final status, with a 0 for every combination not seen yet: a counter that first
 * appears at 1 shows no increase to Prometheus, so the first failure would raise no alert.
 */
function runsFinished(runs: Row[], pipelines: readonly string[]): Sample[] {
  const seen = samples(runs, ['pipeline', 'status'], 'count');
  const unseen = pipelines.flatMap((pipeline) =>
    FINAL_STATUSES.filter(
      (status) => !seen.some((s) => s.labels.pipeline === pipeline && s.labels.status === status),
    ).map((status) => ({ labels: { pipeline, status }, value: 0 })),
  );
  return [...seen, ...unseen];
}

/**
 * Every family read from PostgreSQL, for the catalog's `pipelines` and any others recorded; rejects when the
 * database cannot be read (the caller reports it).
 */
export async function runRecordMetrics(pool: Pool, pipelines: readonly string[]): Promise<MetricFamily[]> {
  const query = async (sql: string) => (await pool.query<Row>(sql)).rows;
  const [stepRows, stepDurations, runs, loads, quarantine, checks, freshness] = await Promise.all([
    query(STEP_ROWS),
    query(STEP_DURATIONS),
    query(RUNS_FINISHED),
    query(LOADS),
    query(QUARANTINE),
    query(CHECKS),
    query(FRESHNESS),
  ]);
  const step = ['pipeline', 'step', 'kind'];
  const successes = runs.filter((row) => row.last_success !== null);
  return [
    counter(
      'sluice_step_rows_in_total',
      'Rows steps read, per finished run (a retried step counts once).',
      samples(stepRows, step, 'rows_in'),
    ),
    counter(
      'sluice_step_rows_out_total',
      'Rows steps passed on, per finished run.',
      samples(stepRows, step, 'rows_out'),
    ),
    counter(
      'sluice_step_rows_rejected_total',
      'Rows validate steps rejected into quarantine, per finished run.',
      samples(stepRows, step, 'rows_rejected'),
    ),
    {
      type: 'histogram',
      name: 'sluice_step_duration_seconds',
      help: 'How long finished steps took, over all their attempts.',
      buckets: DURATION_BUCKETS,
      samples: histogramSamples(stepDurations, step),
    },
    counter(
      'sluice_runs_finished_total',
      'Runs that ended, by status (succeeded, failed, cancelled).',
      runsFinished(runs, pipelines),
    ),
    {
      type: 'histogram',
      name: 'sluice_run_duration_seconds',
      help: 'How long finished runs took, start to end.',
      buckets: DURATION_BUCKETS,
      samples: histogramSamples(runs, ['pipeline', 'status']),
    },
    gauge(
      'sluice_last_success_timestamp_seconds',
      'When the latest successful run of the pipeline ended (Unix time).',
      samples(successes, ['pipeline'], 'last_success'),
    ),
    counter(
      'sluice_load_rows_written_total',
      'Rows loads committed to their targets, from the load ledger (once per run and step).',
      samples(loads, ['pipeline', 'step', 'target'], 'rows'),
    ),
    gauge(
      'sluice_quarantine_rows',
      'Rejected rows held in sluice.quarantine.',
      samples(quarantine, ['pipeline', 'step'], 'rows'),
    ),
    counter(
      'sluice_check_results_total',
      'Dataset check results, by check, severity and status (pass, warn, fail).',
      samples(checks, ['pipeline', 'step', 'check', 'severity', 'status'], 'count'),
    ),
    gauge(
      'sluice_data_age_seconds',
      'Age of the newest value a freshness check saw in its latest run.',
      samples(freshness, ['pipeline', 'step', 'check'], 'age'),
    ),
  ];
}
