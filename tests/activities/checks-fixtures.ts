// The dataset check tests' database: a chk schema of good and bad orders, a staging table of them, and check contexts.
import { stagingRelation, type CheckRelation } from '../../activities/checks/check-relation';
import type { CheckContext } from '../../activities/checks/check-result';
import { writeStaging } from '../../activities/staging/staging-writer';
import type { StepInput } from '../../core/run/run-types';
import { useTestDatabase, type TestDatabase } from '../support/test-database';

/** For a test file: one database with the chk tables and the r_chk_orders staging table, started before its tests. */
export function useChecksDatabase(): TestDatabase {
  return useTestDatabase(async (db) => {
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
}

export const good: CheckRelation = { schema: 'chk', table: 'orders_good' };
export const bad: CheckRelation = { schema: 'chk', table: 'orders_bad' };
export const staging = stagingRelation('r_chk_orders');
export const AS_OF = new Date('2024-06-01T12:00:00Z');

export function context(step: string, runId = 'run-1', pipeline = 'checks_test'): CheckContext {
  return { pipeline, step, workflowId: `sluice/${pipeline}/manual-1`, runId };
}

export function stepInput(ctx: CheckContext): StepInput {
  return { ...ctx, params: {}, definitionHash: 'h', inputs: {} };
}
