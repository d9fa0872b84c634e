// The leave requests example end to end: zod contract, the request without a type quarantined, merge, index, checks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startRun } from '../../client/start-run';
import { EXAMPLE_DIR } from '../support/example-project';
import { createTestWorker, useTestStack } from '../support/test-stack';

const stack = useTestStack();

const exported = readFileSync(path.join(EXAMPLE_DIR, 'data/leave-requests.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown>);

async function runLeaveRequests() {
  const { worker, taskQueue } = await createTestWorker(stack, { name: 'leave' });
  return worker.runUntil(async () =>
    (
      await startRun(stack.temporal.client, { pipeline: 'leave_requests', trigger: 'manual', taskQueue })
    ).result(),
  );
}

test('valid requests land once per id however often it runs; the one without a type waits in quarantine', async () => {
  const typed = exported.filter((r) => r.type !== undefined);
  assert.equal(exported.length - typed.length, 1, 'the sample holds one request without a type');
  for (let run = 0; run < 2; run += 1) {
    const summary = await runLeaveRequests();
    assert.equal(summary.status, 'succeeded');
    const validate = summary.steps.find((s) => s.id === 'validate_leave_requests');
    assert.deepEqual([validate?.rowsIn, validate?.rowsOut, validate?.rowsRejected], [40, 39, 1]);
    const load = summary.steps.find((s) => s.id === 'load_fct_leave_requests');
    assert.deepEqual(
      load?.checks?.map((c) => c.status),
      ['pass', 'pass', 'pass'],
    );
    const { rows } = await stack.pool.query<{ request_id: string; days: number; type: string }>(
      'SELECT request_id, days, type FROM fct_leave_requests ORDER BY request_id',
    );
    assert.deepEqual(
      rows,
      typed.map((r) => ({ request_id: r.request_id, days: r.days, type: r.type })),
    );
  }
  const quarantined = await stack.pool.query<{ n: number; issues: string }>(
    `SELECT count(*)::int AS n, min(issues::text) AS issues FROM sluice.quarantine WHERE pipeline = 'leave_requests'`,
  );
  assert.equal(quarantined.rows[0]?.n, 2, 'one rejected row per run, never duplicated within a run');
  assert.match(quarantined.rows[0]?.issues ?? '', /type/);
  const index = await stack.pool.query<{ indexdef: string }>(
    `SELECT indexdef FROM pg_indexes WHERE tablename = 'fct_leave_requests' AND indexdef LIKE '%(user_id, status)%'`,
  );
  assert.equal(index.rowCount, 1, 'the composite index on (user_id, status) exists');
});
