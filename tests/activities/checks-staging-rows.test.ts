// Dataset checks on jsonb staging rows in real PostgreSQL: keys read as text, unreadable values fail as bad data.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRunFailure } from '../../activities/checks/check-failure';
import { stagingRelation } from '../../activities/checks/check-relation';
import { CheckRunError } from '../../activities/checks/check-run-error';
import { runChecks } from '../../activities/checks/run-checks';
import { writeStaging } from '../../activities/staging/staging-writer';
import { AS_OF, context, staging, stepInput, useChecksDatabase } from './checks-fixtures';

const db = useChecksDatabase();

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
