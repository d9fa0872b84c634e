// The transform activity on real PostgreSQL when interrupted: cancelled, timed out, or its input lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runActivity } from '../support/run-activity';
import {
  customers,
  environment,
  failure,
  order,
  orders,
  outputOf,
  prefix,
  stepInput,
  useTransformDatabase,
} from './transform-fixtures';

const { db, transform, stage, tableExists } = useTransformDatabase();

test('a rows transform cancelled part-way leaves no output and every connection back in the pool', async () => {
  const ref = await stage(
    'in_cancel',
    Array.from({ length: 3000 }, (_, i) => order(i + 1, 'C1', '1')),
  );
  const env = environment();
  env.once('heartbeat', () => env.cancel());
  await assert.rejects(
    runActivity(transform(), [stepInput('enrich_orders', 'run-cancel', { fetch_orders: ref })], env),
    { name: 'AbortError' },
  );
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-cancel', 'enrich_orders')}`), false);
  assert.equal(db.pool.idleCount, db.pool.totalCount);
});

test('a lost input fails as SluiceStagingLost, so the workflow re-runs its producer', async () => {
  const inputs = {
    fetch_orders: await stage('in_lost_o', orders),
    fetch_customers: await stage('in_lost_c', customers),
  };
  await db.pool.query('TRUNCATE sluice_staging.in_lost_c');
  await assert.rejects(
    runActivity(transform(), [stepInput('join_orders_customers', 'run-lost', inputs)], environment()),
    failure(
      'SluiceStagingLost',
      `${prefix('join_orders_customers')}staging table in_lost_c holds 0 rows, expected 2. Sluice re-runs the step that produced it`,
    ),
  );
  await db.pool.query('DROP TABLE sluice_staging.in_lost_o');
  await assert.rejects(
    runActivity(transform(), [stepInput('enrich_orders', 'run-lost', inputs)], environment()),
    failure(
      'SluiceStagingLost',
      `${prefix('enrich_orders')}staging table in_lost_o holds nothing (it is gone), expected 4. Sluice re-runs the step that produced it`,
    ),
  );
});

test('a cancelled SQL transform stops its statement in PostgreSQL and leaves no output', async () => {
  const ref = await stage('in_sleep', orders.slice(0, 1));
  const env = environment();
  const started = Date.now();
  setTimeout(() => env.cancel(), 500);
  await assert.rejects(
    runActivity(transform(), [stepInput('sleep_orders', 'run-sleep', { fetch_orders: ref })], env),
    { name: 'CancelledFailure' },
  );
  assert.ok(Date.now() - started < 10_000, 'the 30 s statement was stopped');
  const { rows } = await db.pool.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`,
  );
  assert.deepEqual(rows, [{ n: 0 }]);
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-sleep', 'sleep_orders')}`), false);
  assert.equal(db.pool.idleCount, db.pool.totalCount);
});

test("a statement running past the attempt's start-to-close is stopped, and the attempt may be retried", async () => {
  const ref = await stage('in_timeout', orders.slice(0, 1));
  await assert.rejects(
    runActivity(
      transform(),
      [stepInput('sleep_orders', 'run-timeout', { fetch_orders: ref })],
      environment(500),
    ),
    (err: Error & { nonRetryable?: boolean }) => {
      assert.equal(
        err.message,
        `${prefix('sleep_orders')}the sql was stopped (canceling statement due to statement timeout); ` +
          "the step's start-to-close timeout is 500 ms. Raise timeouts.startToClose or make the query cheaper",
      );
      assert.equal(err.nonRetryable, undefined);
      return true;
    },
  );
  assert.equal(await tableExists(`sluice_staging.${outputOf('run-timeout', 'sleep_orders')}`), false);
});
