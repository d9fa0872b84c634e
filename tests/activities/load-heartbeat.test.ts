// A load that waits for another load's lock on its target heartbeats all along, as often as its timeout asks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { LoadHarness, loadPipeline } from '../support/load-harness';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase();
});
after(async () => {
  await db.stop();
});

const harness = () =>
  new LoadHarness(
    db,
    loadPipeline('waiting_load', {
      table: 'fct_waiting',
      mode: 'merge',
      key: ['id'],
      columns: [{ name: 'id', type: 'bigint' }],
    }),
  );

test('a load waiting longer than its heartbeat timeout for the target lock never goes silent that long', async () => {
  const heartbeatTimeoutMs = 300;
  const load = harness();
  const staged = await load.stage('run-1', [{ id: '1' }, { id: '2' }]);
  // Another load of the same target holds its lock (load-ledger.ts) for four heartbeat timeouts.
  const other = await db.pool.connect();
  await other.query('BEGIN');
  await other.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    'sluice.load:public.fct_waiting',
  ]);
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs });
  const beats = [Date.now()];
  env.on('heartbeat', () => beats.push(Date.now()));
  const loading = load.rerun('run-1', staged, env);
  await new Promise((resolve) => setTimeout(resolve, 4 * heartbeatTimeoutMs));
  await other.query('COMMIT');
  other.release();
  const result = await loading;
  beats.push(Date.now());
  assert.equal(result.rowsOut, 2);
  const silences = beats.slice(1).map((at, i) => at - (beats[i] as number));
  assert.ok(
    Math.max(...silences) < heartbeatTimeoutMs,
    `longest silence ${Math.max(...silences)} ms, not under the heartbeat timeout: Temporal would start another attempt`,
  );
});
