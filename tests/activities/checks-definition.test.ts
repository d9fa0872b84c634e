// Definition-time problems with a step's checks, and the names checks get by default (no database needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkProblems } from '../../core/checks/check-problems';
import { checkName, type CheckSpec } from '../../core/checks/check-spec';

test('default names are derived from the kind and columns', () => {
  const names = (
    [
      { kind: 'row_count', min: 1 },
      { kind: 'not_null', column: 'order_id' },
      { kind: 'unique', columns: ['order_id', 'line_no'] },
      { kind: 'accepted_values', column: 'status', values: ['a'] },
      { kind: 'accepted_range', column: 'amount', min: 0 },
      { kind: 'relationships', column: 'customer_id', to: 'dim_customers', field: 'id' },
      { kind: 'freshness', column: 'updated_at', warnAfter: '2h' },
      { kind: 'row_count_anomaly' },
      { kind: 'not_null', column: 'order_id', name: 'order ids present' },
    ] satisfies CheckSpec[]
  ).map(checkName);
  assert.deepEqual(names, [
    'row_count',
    'not_null(order_id)',
    'unique(order_id, line_no)',
    'accepted_values(status)',
    'accepted_range(amount)',
    'relationships(customer_id -> dim_customers.id)',
    'freshness(updated_at)',
    'row_count_anomaly',
    'order ids present',
  ]);
});

test('well-formed checks have no problems', () => {
  assert.deepEqual(checkProblems(undefined), []);
  assert.deepEqual(
    checkProblems([
      { kind: 'row_count', min: 1, max: 10, severity: 'warn' },
      { kind: 'unique', columns: ['a', 'b'] },
      { kind: 'accepted_values', column: 'flag', values: [true, 1, 'x'] },
      { kind: 'accepted_range', column: 'amount', max: 1e6, inclusive: false },
      { kind: 'relationships', column: 'c', to: 'analytics.dim_c', field: 'id' },
      { kind: 'freshness', column: 'ts', warnAfter: '2h', errorAfter: '24h' },
      { kind: 'row_count_anomaly', threshold: 2.5, minHistory: 3, lookback: 10 },
    ]),
    [],
  );
});

test('each problem names the check and the field', () => {
  assert.deepEqual(
    checkProblems([
      { kind: 'row_count' },
      { kind: 'row_count', min: 5, max: 2, name: 'count_range' },
      { kind: 'not_null', column: 'Order ID', severity: 'fatal' },
      { kind: 'unique', columns: [] },
      { kind: 'unique', columns: ['a', 'a'] },
      { kind: 'accepted_values', column: 'status', values: [] },
      { kind: 'accepted_values', column: 'n', values: [1, null, Number.NaN] },
      { kind: 'accepted_range', column: 'amount', min: 'zero', inclusive: 'yes' },
      { kind: 'relationships', column: 'c', to: 'a.b.c', field: 'id' },
      { kind: 'freshness', column: 'ts' },
      { kind: 'freshness', column: 'ts2', warnAfter: '1d', errorAfter: '2h' },
      { kind: 'freshness', column: 'ts3', warnAfter: 'soon' },
      { kind: 'row_count_anomaly', threshold: 0, minHistory: 1, lookback: 1.5 },
      { kind: 'row_count_anomaly', name: 'small_window', lookback: 3 },
      { kind: 'not_null', column: 'x', name: '' },
      { kind: 'checksum', column: 'x' },
      'not_null',
      { kind: 'not_null', column: 'order_id' },
      { kind: 'not_null', column: 'order_id' },
    ]),
    [
      'check "row_count": give min, max or both',
      'check "count_range": min (5) is above max (2)',
      `check "not_null(Order ID)": severity must be 'warn' or 'error', got "fatal"`,
      'check "not_null(Order ID)": column "Order ID" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters',
      'check "unique()": columns must list at least one column',
      'check "unique(a, a)": columns names "a" twice',
      'check "accepted_values(status)": values must list at least one accepted value',
      'check "accepted_values(n)": values must be strings, finite numbers or booleans; got null, NaN',
      'check "accepted_range(amount)": min must be a finite number, got "zero"',
      'check "accepted_range(amount)": inclusive must be true or false, got "yes"',
      'check "relationships(c -> a.b.c.id)": to "a.b.c" has more than one dot; use schema.table',
      `check "freshness(ts)": give warnAfter, errorAfter or both, as durations like '2h' or '24h'`,
      'check "freshness(ts2)": warnAfter (1d) must be shorter than errorAfter (2h)',
      `check "freshness(ts3)": warnAfter "soon" is not a positive duration like '2h' or '24h'`,
      'check "row_count_anomaly": threshold must be a number above 0, got 0',
      'check "row_count_anomaly": minHistory must be a whole number of at least 2, got 1',
      'check "row_count_anomaly": lookback must be a whole number of at least 2, got 1.5',
      'check "small_window": lookback (3) must be at least minHistory (5)',
      'check "": name must be a non-empty string of at most 120 characters',
      'checks[15]: unknown kind "checksum"; use one of row_count, not_null, unique, accepted_values, accepted_range, relationships, freshness, row_count_anomaly',
      'checks[16] must be an object with a kind',
      'check "not_null(order_id)" is defined twice in this step; give one of them a different name',
    ],
  );
});

test('checks that are not a list are refused', () => {
  assert.deepEqual(checkProblems({ kind: 'row_count' }), ['checks must be a list of checks']);
});
