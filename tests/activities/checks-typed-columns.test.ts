// Dataset checks on typed columns of real PostgreSQL tables: every kind passing and failing, bounds, where filters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckRelation } from '../../activities/checks/check-relation';
import { runChecks } from '../../activities/checks/run-checks';
import type { CheckSpec } from '../../core/checks/check-spec';
import { AS_OF, bad, context, good, useChecksDatabase } from './checks-fixtures';

const db = useChecksDatabase();

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
