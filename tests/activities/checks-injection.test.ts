// Dataset checks on real PostgreSQL refuse names that are not identifiers and treat values in data literally.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRunFailure } from '../../activities/checks/check-failure';
import type { CheckRelation } from '../../activities/checks/check-relation';
import { CheckRunError } from '../../activities/checks/check-run-error';
import { runChecks } from '../../activities/checks/run-checks';
import type { CheckSpec } from '../../core/checks/check-spec';
import { context, good, staging, stepInput, useChecksDatabase } from './checks-fixtures';

const db = useChecksDatabase();

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
