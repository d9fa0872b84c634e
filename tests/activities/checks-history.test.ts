// Dataset checks across runs on real PostgreSQL: the row count anomaly against earlier runs, and stored results.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckResult } from '../../activities/checks/check-result';
import { runChecks } from '../../activities/checks/run-checks';
import type { CheckSpec } from '../../core/checks/check-spec';
import { bad, context, good, useChecksDatabase } from './checks-fixtures';

const db = useChecksDatabase();

describe('row count anomaly', () => {
  const anomaly: CheckSpec = { kind: 'row_count_anomaly' };

  async function runWithCount(step: string, runId: string, rows: number, checks: CheckSpec[] = [anomaly]) {
    await db.pool.query('TRUNCATE chk.counts');
    await db.pool.query('INSERT INTO chk.counts SELECT generate_series(1, $1::int)', [rows]);
    const set = await runChecks(db.pool, {
      relation: { schema: 'chk', table: 'counts' },
      checks,
      context: context(step, runId, 'anomaly_test'),
    });
    return set.results[0] as CheckResult;
  }

  test('with too little history it passes as skipped; with enough it flags an outlier and passes a normal count', async () => {
    const history = [100, 102, 98, 101, 99];
    for (const [i, rows] of history.entries()) {
      const result = await runWithCount('load_counts', `run-${i + 1}`, rows);
      assert.equal(result.status, 'pass');
      assert.deepEqual(result.observed, { rows, historyRuns: i, skipped: true });
      assert.equal(
        result.message,
        `skipped for lack of history: ${i} earlier successful runs of this step, 5 needed; ${rows} rows recorded for later runs`,
      );
    }
    const outlier = await runWithCount('load_counts', 'run-6', 150);
    assert.equal(outlier.status, 'fail');
    // mean 100, sample stddev sqrt(10 / 4) = 1.5811, z = 50 / 1.5811 = 31.6228
    assert.deepEqual(outlier.observed, {
      rows: 150,
      historyRuns: 5,
      mean: 100,
      stddev: 1.5811,
      zScore: 31.6228,
      skipped: false,
    });
    assert.equal(
      outlier.message,
      '150 rows against a mean of 100.0 (stddev 1.6) over 5 earlier runs: z-score 31.62, beyond 3',
    );
    // The failed run stays out of the baseline: the next run still compares with the five above.
    const normal = await runWithCount('load_counts', 'run-7', 101);
    assert.equal(normal.status, 'pass');
    assert.deepEqual(normal.observed, {
      rows: 101,
      historyRuns: 5,
      mean: 100,
      stddev: 1.5811,
      zScore: 0.6325,
      skipped: false,
    });
    const { rows } = await db.pool.query(
      `SELECT run_id, row_count::int AS n, checks_passed FROM sluice.check_row_counts
        WHERE pipeline = 'anomaly_test' AND step = 'load_counts' ORDER BY recorded_at`,
    );
    assert.deepEqual(
      rows.map((r) => [r.run_id, r.n, r.checks_passed]),
      [
        ['run-1', 100, true],
        ['run-2', 102, true],
        ['run-3', 98, true],
        ['run-4', 101, true],
        ['run-5', 99, true],
        ['run-6', 150, false],
        ['run-7', 101, true],
      ],
    );
  });

  test('a threshold and minimum history of its own; a constant history flags any change', async () => {
    const custom: CheckSpec = { kind: 'row_count_anomaly', minHistory: 2, threshold: 1, name: 'steady' };
    await runWithCount('constant', 'c-1', 10, [custom]);
    await runWithCount('constant', 'c-2', 10, [custom]);
    const same = await runWithCount('constant', 'c-3', 10, [custom]);
    assert.deepEqual([same.name, same.status, same.observed.zScore], ['steady', 'pass', 0]);
    const changed = await runWithCount('constant', 'c-4', 11, [custom]);
    assert.deepEqual(
      [changed.status, changed.observed.zScore, changed.observed.historyRuns],
      ['fail', null, 3],
    );
    assert.match(changed.message, /z-score unbounded \(the history never varied\), beyond 1$/);
  });
});

describe('stored results', () => {
  const storedRows = async (step: string) =>
    (
      await db.pool.query(
        `SELECT pipeline, workflow_id, run_id, step, check_name, kind, severity, status, observed, message
           FROM sluice.check_results WHERE step = $1 ORDER BY id`,
        [step],
      )
    ).rows;

  test('every result is stored, and a retried step replaces its earlier results', async () => {
    const ctx = context('stored');
    await runChecks(db.pool, {
      relation: bad,
      checks: [
        { kind: 'row_count', min: 1 },
        { kind: 'not_null', column: 'order_id', severity: 'warn' },
      ],
      context: ctx,
    });
    const base = {
      pipeline: 'checks_test',
      workflow_id: 'sluice/checks_test/manual-1',
      run_id: 'run-1',
      step: 'stored',
    };
    assert.deepEqual(await storedRows('stored'), [
      {
        ...base,
        check_name: 'row_count',
        kind: 'row_count',
        severity: 'error',
        status: 'pass',
        observed: { rows: 6 },
        message: '6 rows, expected at least 1',
      },
      {
        ...base,
        check_name: 'not_null(order_id)',
        kind: 'not_null',
        severity: 'warn',
        status: 'warn',
        observed: { rows: 6, nullRows: 1 },
        message: '1 of 6 rows have a null order_id',
      },
    ]);
    await runChecks(db.pool, {
      relation: good,
      checks: [{ kind: 'row_count', min: 5, name: 'at_least_5' }],
      context: ctx,
    });
    assert.deepEqual(await storedRows('stored'), [
      {
        ...base,
        check_name: 'at_least_5',
        kind: 'row_count',
        severity: 'error',
        status: 'fail',
        observed: { rows: 3 },
        message: '3 rows, expected at least 5',
      },
    ]);
  });

  test('two attempts of one step racing store one set of results', async () => {
    const ctx = context('raced');
    const checks: CheckSpec[] = [
      { kind: 'row_count', min: 1 },
      { kind: 'unique', columns: ['order_id'] },
    ];
    await Promise.all([1, 2, 3].map(() => runChecks(db.pool, { relation: good, checks, context: ctx })));
    assert.deepEqual(
      (await storedRows('raced')).map((r) => r.check_name),
      ['row_count', 'unique(order_id)'],
    );
  });
});
