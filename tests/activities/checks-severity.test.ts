// Dataset check severities on real PostgreSQL: warn only reports, error fails the step; freshness thresholds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkFailure, CHECK_FAILED_ERROR_TYPE } from '../../activities/checks/check-failure';
import type { CheckResult } from '../../activities/checks/check-result';
import { runChecks } from '../../activities/checks/run-checks';
import type { CheckSpec } from '../../core/checks/check-spec';
import { bad, context, good, stepInput, useChecksDatabase } from './checks-fixtures';

const db = useChecksDatabase();

describe('severity and freshness thresholds', () => {
  const notNull = (severity: 'warn' | 'error'): CheckSpec => ({
    kind: 'not_null',
    column: 'order_id',
    severity,
  });

  test('a failing warn check warns and does not fail the step', async () => {
    const ctx = context('severity_warn');
    const set = await runChecks(db.pool, { relation: bad, checks: [notNull('warn')], context: ctx });
    assert.equal(set.status, 'warn');
    assert.deepEqual(
      set.results.map((r) => [r.severity, r.status]),
      [['warn', 'warn']],
    );
    assert.equal(checkFailure(stepInput(ctx), set), undefined);
  });

  test('a failing error check yields a terminal failure naming the check, what it saw and what to do', async () => {
    const ctx = context('severity_error');
    const set = await runChecks(db.pool, {
      relation: bad,
      checks: [
        notNull('error'),
        { kind: 'row_count', min: 1 },
        { kind: 'accepted_values', column: 'status', values: ['placed'], severity: 'warn' },
      ],
      context: ctx,
    });
    assert.equal(set.status, 'fail');
    const failure = checkFailure(stepInput(ctx), set);
    assert.ok(failure);
    assert.equal(failure.type, CHECK_FAILED_ERROR_TYPE);
    assert.equal(failure.nonRetryable, true);
    assert.equal(
      failure.message,
      'checks_test/severity_error (run sluice/checks_test/manual-1): 1 of 3 checks failed: ' +
        'not_null(order_id): 1 of 6 rows have a null order_id. ' +
        "Fix the data at its source and start a new run, or change the checks (severity 'warn' only reports); " +
        "every result is in sluice.check_results (workflow_id 'sluice/checks_test/manual-1', step 'severity_error')",
    );
  });

  const freshness = (asOf: string, severity?: 'warn' | 'error') =>
    runChecks(db.pool, {
      relation: good,
      checks: [
        {
          kind: 'freshness',
          column: 'updated_at',
          warnAfter: '2h',
          errorAfter: '24h',
          ...(severity ? { severity } : {}),
        },
      ],
      context: context('freshness'),
      asOf: new Date(asOf),
    }).then((s) => s.results[0] as CheckResult);

  test('freshness: younger than warnAfter passes, past it warns, past errorAfter fails', async () => {
    const fresh = await freshness('2024-06-01T12:59:59Z');
    assert.deepEqual([fresh.status, fresh.observed.ageSeconds], ['pass', 7199]);
    const stale = await freshness('2024-06-01T14:30:00Z');
    assert.deepEqual([stale.status, stale.observed.ageSeconds], ['warn', 12600]);
    assert.equal(
      stale.message,
      'newest updated_at is 3h 30m old (2024-06-01T11:00:00.000Z); warn after 2h, error after 24h',
    );
    const expired = await freshness('2024-06-02T11:00:01Z');
    assert.deepEqual([expired.status, expired.observed.ageSeconds], ['fail', 86401]);
  });

  test("freshness past errorAfter only warns when the check's severity is warn", async () => {
    const expired = await freshness('2024-06-03T11:00:00Z', 'warn');
    assert.deepEqual([expired.severity, expired.status], ['warn', 'warn']);
  });

  test('freshness of an empty table counts as past every threshold', async () => {
    const set = await runChecks(db.pool, {
      relation: { schema: 'chk', table: 'empty' },
      checks: [
        { kind: 'freshness', column: 'updated_at', errorAfter: '1h' },
        { kind: 'freshness', column: 'updated_at', warnAfter: '1h', name: 'only_warn' },
      ],
      context: context('freshness_empty'),
    });
    assert.deepEqual(
      set.results.map((r) => [r.status, r.observed, r.message]),
      [
        [
          'fail',
          { latest: null, ageSeconds: null },
          'no updated_at to judge freshness by (no rows, or all null); error after 1h',
        ],
        [
          'warn',
          { latest: null, ageSeconds: null },
          'no updated_at to judge freshness by (no rows, or all null); warn after 1h',
        ],
      ],
    );
  });
});
