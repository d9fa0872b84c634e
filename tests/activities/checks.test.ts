// Dataset checks on real PostgreSQL: every kind passing and failing, severities, freshness, anomaly, storage, injection.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  checkFailure,
  checkRunFailure,
  CHECK_FAILED_ERROR_TYPE,
} from '../../activities/checks/check-failure';
import { stagingRelation, type CheckRelation } from '../../activities/checks/check-relation';
import type { CheckContext, CheckResult } from '../../activities/checks/check-result';
import { CheckRunError } from '../../activities/checks/check-run-error';
import { runChecks } from '../../activities/checks/run-checks';
import { writeStaging } from '../../activities/staging/staging-writer';
import type { CheckSpec } from '../../core/check-spec';
import type { StepInput } from '../../core/run-types';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase();
  await db.pool.query(`
    CREATE SCHEMA chk;
    CREATE TABLE chk.customers (customer_id bigint PRIMARY KEY);
    INSERT INTO chk.customers VALUES (10), (11);
    CREATE TABLE chk.orders_good (order_id bigint, customer_id bigint, status text, amount numeric(10,2), updated_at timestamptz);
    INSERT INTO chk.orders_good VALUES
      (1, 10, 'placed', 0.00, '2024-06-01T11:00:00Z'),
      (2, 11, 'shipped', 1000.00, '2024-06-01T09:00:00Z'),
      (3, 10, 'placed', 12.50, '2024-06-01T08:00:00Z');
    CREATE TABLE chk.orders_bad (LIKE chk.orders_good);
    INSERT INTO chk.orders_bad VALUES
      (1, 10, 'placed', 5.00, '2024-06-01T11:00:00Z'),
      (2, 10, 'shipped', 20.50, '2024-06-01T10:00:00Z'),
      (2, 10, 'lost', -5.00, '2024-06-01T09:00:00Z'),
      (3, NULL, 'placed', 2000.00, '2024-06-01T08:00:00Z'),
      (4, 99, 'returned', 7.00, NULL),
      (NULL, 98, NULL, NULL, NULL);
    CREATE TABLE chk.empty (updated_at timestamptz);
    CREATE TABLE chk.counts (n int);`);
  await writeStaging(
    db.pool,
    'r_chk_orders',
    (async function* () {
      yield {
        order_id: '1',
        customer_id: '10',
        status: 'placed',
        amount: '5.00',
        updated_at: '2024-06-01T11:00:00Z',
      };
      yield {
        order_id: '2',
        customer_id: '10',
        status: 'shipped',
        amount: 'abc',
        updated_at: '2024-06-01T10:00:00Z',
      };
      yield {
        order_id: '2',
        customer_id: '99',
        status: 'lost',
        amount: '1500',
        updated_at: '2024-06-01T09:00:00Z',
      };
      yield { customer_id: '11', status: null, amount: '-1', updated_at: '2024-06-01T08:00:00Z' };
      yield { order_id: '5', customer_id: null, status: 'placed', amount: '7', updated_at: null };
    })(),
    () => undefined,
  );
});
after(async () => {
  await db.stop();
});

const good: CheckRelation = { schema: 'chk', table: 'orders_good' };
const bad: CheckRelation = { schema: 'chk', table: 'orders_bad' };
const staging = stagingRelation('r_chk_orders');
const AS_OF = new Date('2024-06-01T12:00:00Z');

function context(step: string, runId = 'run-1', pipeline = 'checks_test'): CheckContext {
  return { pipeline, step, workflowId: `sluice/${pipeline}/manual-1`, runId };
}

function stepInput(ctx: CheckContext): StepInput {
  return { ...ctx, params: {}, definitionHash: 'h', inputs: {} };
}

/** Runs the checks and returns only (name, status, observed), in order. */
async function outcomes(relation: CheckRelation, checks: CheckSpec[], step: string, asOf = AS_OF) {
  const set = await runChecks(db.pool, { relation, checks, context: context(step), asOf });
  return set.results.map(({ name, status, observed }) => ({ name, status, observed }));
}

const allKinds = (extra: Partial<Record<string, unknown>> = {}): CheckSpec[] => [
  { kind: 'row_count', min: 1, max: 3 },
  { kind: 'not_null', column: 'order_id' },
  { kind: 'unique', columns: ['order_id'] },
  { kind: 'unique', columns: ['order_id', 'customer_id'] },
  { kind: 'accepted_values', column: 'status', values: ['placed', 'shipped'] },
  { kind: 'accepted_range', column: 'amount', min: 0, max: 1000 },
  { kind: 'relationships', column: 'customer_id', to: 'chk.customers', field: 'customer_id' },
  { kind: 'freshness', column: 'updated_at', warnAfter: '2h', errorAfter: '24h', ...extra },
];

describe('typed columns', () => {
  test('every kind passes on good data, with exact observations', async () => {
    assert.deepEqual(await outcomes(good, allKinds(), 'typed_good'), [
      { name: 'row_count', status: 'pass', observed: { rows: 3 } },
      { name: 'not_null(order_id)', status: 'pass', observed: { rows: 3, nullRows: 0 } },
      {
        name: 'unique(order_id)',
        status: 'pass',
        observed: { duplicateKeys: 0, duplicateRows: 0, examples: [] },
      },
      {
        name: 'unique(order_id, customer_id)',
        status: 'pass',
        observed: { duplicateKeys: 0, duplicateRows: 0, examples: [] },
      },
      {
        name: 'accepted_values(status)',
        status: 'pass',
        observed: { failingRows: 0, failingValues: 0, examples: [] },
      },
      {
        name: 'accepted_range(amount)',
        status: 'pass',
        observed: { failingRows: 0, nonNumericRows: 0, examples: [] },
      },
      {
        name: 'relationships(customer_id -> chk.customers.customer_id)',
        status: 'pass',
        observed: { failingRows: 0, failingValues: 0, examples: [] },
      },
      {
        name: 'freshness(updated_at)',
        status: 'pass',
        observed: { latest: '2024-06-01T11:00:00.000Z', ageSeconds: 3600 },
      },
    ]);
  });

  test('every kind fails on bad data, naming what it saw', async () => {
    const set = await runChecks(db.pool, {
      relation: bad,
      checks: [{ kind: 'row_count', min: 10 }, ...allKinds().slice(1)],
      context: context('typed_bad'),
      asOf: new Date('2024-06-03T11:00:00Z'),
    });
    assert.equal(set.status, 'fail');
    assert.deepEqual(
      set.results.map(({ name, status, observed, message }) => ({ name, status, observed, message })),
      [
        { name: 'row_count', status: 'fail', observed: { rows: 6 }, message: '6 rows, expected at least 10' },
        {
          name: 'not_null(order_id)',
          status: 'fail',
          observed: { rows: 6, nullRows: 1 },
          message: '1 of 6 rows have a null order_id',
        },
        {
          name: 'unique(order_id)',
          status: 'fail',
          observed: { duplicateKeys: 1, duplicateRows: 2, examples: [{ values: { order_id: 2 }, rows: 2 }] },
          message: '1 values of (order_id) appear more than once, in 2 rows: (2) x2',
        },
        {
          name: 'unique(order_id, customer_id)',
          status: 'fail',
          observed: {
            duplicateKeys: 1,
            duplicateRows: 2,
            examples: [{ values: { order_id: 2, customer_id: 10 }, rows: 2 }],
          },
          message: '1 values of (order_id, customer_id) appear more than once, in 2 rows: (2, 10) x2',
        },
        {
          name: 'accepted_values(status)',
          status: 'fail',
          observed: { failingRows: 2, failingValues: 2, examples: ['lost', 'returned'] },
          message: '2 rows have a status outside ["placed","shipped"]: "lost", "returned"',
        },
        {
          name: 'accepted_range(amount)',
          status: 'fail',
          observed: { failingRows: 2, nonNumericRows: 0, examples: [-5, 2000] },
          message: '2 rows have a amount that is not >= 0 and <= 1000: -5, 2000',
        },
        {
          name: 'relationships(customer_id -> chk.customers.customer_id)',
          status: 'fail',
          observed: { failingRows: 2, failingValues: 2, examples: [98, 99] },
          message: '2 rows have a customer_id with no match in chk.customers.customer_id: 98, 99',
        },
        {
          name: 'freshness(updated_at)',
          status: 'fail',
          observed: { latest: '2024-06-01T11:00:00.000Z', ageSeconds: 172800 },
          message:
            'newest updated_at is 2d 0h old (2024-06-01T11:00:00.000Z); warn after 2h, error after 24h',
        },
      ],
    );
  });

  test('row_count max, and an exclusive accepted_range, fail at the bounds', async () => {
    assert.deepEqual(
      await outcomes(
        good,
        [
          { kind: 'row_count', max: 2 },
          { kind: 'accepted_range', column: 'amount', min: 0, max: 1000, inclusive: false },
          { kind: 'accepted_range', column: 'amount', min: 12.5, name: 'amount_at_least_12_5' },
        ],
        'bounds',
      ),
      [
        { name: 'row_count', status: 'fail', observed: { rows: 3 } },
        {
          name: 'accepted_range(amount)',
          status: 'fail',
          observed: { failingRows: 2, nonNumericRows: 0, examples: [0, 1000] },
        },
        {
          name: 'amount_at_least_12_5',
          status: 'fail',
          observed: { failingRows: 1, nonNumericRows: 0, examples: [0] },
        },
      ],
    );
  });

  test('a where filter checks only the matching rows; progress is reported after each check', async () => {
    const done: string[] = [];
    const set = await runChecks(db.pool, {
      relation: { ...bad, where: { column: 'status', equals: 'placed' } },
      checks: [
        { kind: 'row_count', min: 2, max: 2 },
        { kind: 'not_null', column: 'customer_id' },
      ],
      context: context('filtered'),
      onCheckDone: (result, index) => done.push(`${index}: ${result.name} ${result.status}`),
    });
    assert.deepEqual(
      set.results.map((r) => [r.status, r.observed]),
      [
        ['pass', { rows: 2 }],
        ['fail', { rows: 2, nullRows: 1 }],
      ],
    );
    assert.deepEqual(done, ['0: row_count pass', '1: not_null(customer_id) fail']);
  });
});

describe('jsonb staging rows', () => {
  test('every kind reads keys of the data column as text', async () => {
    const set = await runChecks(db.pool, {
      relation: staging,
      checks: [
        { kind: 'row_count', min: 5, max: 5 },
        { kind: 'not_null', column: 'order_id' },
        { kind: 'not_null', column: 'status' },
        { kind: 'unique', columns: ['order_id'] },
        { kind: 'accepted_values', column: 'status', values: ['placed', 'shipped'] },
        { kind: 'accepted_values', column: 'customer_id', values: [10, 11] },
        { kind: 'accepted_range', column: 'amount', min: 0, max: 1000 },
        { kind: 'relationships', column: 'customer_id', to: 'chk.customers', field: 'customer_id' },
        { kind: 'freshness', column: 'updated_at', warnAfter: '2h' },
      ],
      context: context('staging'),
      asOf: AS_OF,
    });
    assert.deepEqual(
      set.results.map(({ name, status, observed }) => ({ name, status, observed })),
      [
        { name: 'row_count', status: 'pass', observed: { rows: 5 } },
        { name: 'not_null(order_id)', status: 'fail', observed: { rows: 5, nullRows: 1 } },
        { name: 'not_null(status)', status: 'fail', observed: { rows: 5, nullRows: 1 } },
        {
          name: 'unique(order_id)',
          status: 'fail',
          observed: {
            duplicateKeys: 1,
            duplicateRows: 2,
            examples: [{ values: { order_id: '2' }, rows: 2 }],
          },
        },
        {
          name: 'accepted_values(status)',
          status: 'fail',
          observed: { failingRows: 1, failingValues: 1, examples: ['lost'] },
        },
        {
          name: 'accepted_values(customer_id)',
          status: 'fail',
          observed: { failingRows: 1, failingValues: 1, examples: ['99'] },
        },
        {
          name: 'accepted_range(amount)',
          status: 'fail',
          observed: { failingRows: 3, nonNumericRows: 1, examples: ['abc', -1, 1500] },
        },
        {
          name: 'relationships(customer_id -> chk.customers.customer_id)',
          status: 'fail',
          observed: { failingRows: 1, failingValues: 1, examples: ['99'] },
        },
        {
          name: 'freshness(updated_at)',
          status: 'pass',
          observed: { latest: '2024-06-01T11:00:00.000Z', ageSeconds: 3600 },
        },
      ],
    );
  });

  test('a timestamp that cannot be read fails as bad data, not as a retryable error', async () => {
    await writeStaging(
      db.pool,
      'r_chk_bad_time',
      (async function* () {
        yield { updated_at: 'yesterday-ish' };
      })(),
      () => undefined,
    );
    const ctx = context('bad_time');
    const err = await runChecks(db.pool, {
      relation: stagingRelation('r_chk_bad_time'),
      checks: [{ kind: 'freshness', column: 'updated_at', errorAfter: '1h' }],
      context: ctx,
    }).catch((e: unknown) => e);
    assert.ok(err instanceof CheckRunError);
    assert.equal(err.reason, 'data');
    assert.equal(err.check, 'freshness(updated_at)');
    assert.match(
      err.message,
      /^check "freshness\(updated_at\)" could not run on sluice_staging\.r_chk_bad_time: .*yesterday-ish/,
    );
    const failure = checkRunFailure(stepInput(ctx), err);
    assert.equal(failure.type, 'SluiceBadInput');
    assert.equal(failure.nonRetryable, true);
  });
});

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

describe('injection', () => {
  const refused = async (relation: CheckRelation, checks: CheckSpec[], pattern: RegExp) => {
    const err = await runChecks(db.pool, { relation, checks, context: context('injection') }).catch(
      (e: unknown) => e,
    );
    assert.ok(err instanceof CheckRunError, String(err));
    assert.equal(err.reason, 'definition');
    assert.match(err.message, pattern);
  };

  test('names that are not identifiers are refused before any SQL runs', async () => {
    await refused(
      good,
      [{ kind: 'not_null', column: 'order_id; DROP TABLE chk.customers; --' }],
      /check "not_null\(order_id; DROP TABLE chk\.customers; --\)": column "order_id; DROP TABLE chk\.customers; --" must be lower snake case/,
    );
    await refused(
      { schema: 'chk', table: 'orders_good" CASCADE; --' },
      [{ kind: 'row_count', min: 1 }],
      /relation\.table "orders_good" CASCADE; --" must be lower snake case/,
    );
    await refused(
      { ...staging, jsonbColumn: 'data->>0' },
      [{ kind: 'row_count', min: 1 }],
      /relation\.jsonbColumn "data->>0" must be lower snake case/,
    );
    await refused(
      good,
      [
        {
          kind: 'relationships',
          column: 'customer_id',
          to: 'chk.customers; drop table x',
          field: 'customer_id',
        },
      ],
      /: to "customers; drop table x" must be lower snake case/,
    );
    await refused(
      good,
      [{ kind: 'unique', columns: ['order_id', 'Robert"); DROP'] }],
      /columns "Robert"\); DROP" must be lower snake case/,
    );
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM chk.customers`);
    assert.equal(rows[0].n, 2);
    const stored = await db.pool.query(
      `SELECT count(*)::int AS n FROM sluice.check_results WHERE step = 'injection'`,
    );
    assert.equal(stored.rows[0].n, 0);
  });

  test('a column that does not exist is a definition error naming the check', async () => {
    const ctx = context('missing_column');
    const err = await runChecks(db.pool, {
      relation: good,
      checks: [
        { kind: 'row_count', min: 1 },
        { kind: 'not_null', column: 'no_such_column' },
      ],
      context: ctx,
    }).catch((e: unknown) => e);
    assert.ok(err instanceof CheckRunError);
    assert.equal(err.reason, 'definition');
    assert.equal(
      err.message,
      'check "not_null(no_such_column)" could not run on chk.orders_good: column rel.no_such_column does not exist',
    );
    assert.equal(checkRunFailure(stepInput(ctx), err).type, 'SluiceDefinitionError');
  });

  test('values and names in data are compared and stored literally', async () => {
    const tricky = ["'; DROP TABLE chk.customers; --", '{"a","b"}', 'back\\slash', 'it\'s "quoted"', '$1'];
    await db.pool.query('CREATE TABLE chk.tricky (label text)');
    await db.pool.query('INSERT INTO chk.tricky SELECT unnest($1::text[])', [tricky]);
    const ctx = context('tricky');
    const set = await runChecks(db.pool, {
      relation: {
        schema: 'chk',
        table: 'tricky',
        where: { column: 'label', equals: "'; DROP TABLE chk.customers; --" },
      },
      checks: [{ kind: 'row_count', min: 1, max: 1, name: 'it\'s a "name"; DROP TABLE x' }],
      context: ctx,
    });
    assert.deepEqual(
      set.results.map((r) => [r.name, r.status]),
      [['it\'s a "name"; DROP TABLE x', 'pass']],
    );
    const all = await runChecks(db.pool, {
      relation: { schema: 'chk', table: 'tricky' },
      checks: [
        { kind: 'accepted_values', column: 'label', values: tricky },
        { kind: 'accepted_values', column: 'label', values: tricky.slice(0, 2), name: 'first_two' },
      ],
      context: ctx,
    });
    assert.deepEqual(
      all.results.map((r) => [r.status, r.observed]),
      [
        ['pass', { failingRows: 0, failingValues: 0, examples: [] }],
        ['fail', { failingRows: 3, failingValues: 3, examples: ['$1', 'back\\slash', 'it\'s "quoted"'] }],
      ],
    );
    const { rows } = await db.pool.query(
      `SELECT observed FROM sluice.check_results WHERE step = 'tricky' AND check_name = 'first_two'`,
    );
    assert.deepEqual(rows[0].observed.examples, ['$1', 'back\\slash', 'it\'s "quoted"']);
    const customers = await db.pool.query(`SELECT count(*)::int AS n FROM chk.customers`);
    assert.equal(customers.rows[0].n, 2);
  });
});
