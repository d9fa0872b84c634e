// The monthly spend example end to end: two fetches, a contract, a SQL join + aggregate, a replace load.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startRun } from '../../client/start-run';
import { EXAMPLE_DIR } from '../support/example-project';
import { createTestWorker, useTestStack } from '../support/test-stack';

const stack = useTestStack();

/** The expected totals, computed straight from the two CSV files. */
function expectedTotals(): Map<string, { total: number; expenses: number }> {
  const read = (file: string) =>
    readFileSync(path.join(EXAMPLE_DIR, 'data', file), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
  const departments = new Map(read('departments.csv').map(([id, name]) => [id, name]));
  const totals = new Map<string, { total: number; expenses: number }>();
  for (const [, departmentId, , amount, spentAt] of read('expenses.csv')) {
    const key = `${departments.get(departmentId as string)}|${(spentAt as string).slice(0, 7)}-01`;
    const entry = totals.get(key) ?? { total: 0, expenses: 0 };
    totals.set(key, {
      total: Math.round((entry.total + Number(amount)) * 100) / 100,
      expenses: entry.expenses + 1,
    });
  }
  return totals;
}

async function runMonthlySpend() {
  const { worker, taskQueue } = await createTestWorker(stack, { name: 'spend' });
  return worker.runUntil(async () =>
    (
      await startRun(stack.temporal.client, { pipeline: 'monthly_spend', trigger: 'manual', taskQueue })
    ).result(),
  );
}

test('agg_monthly_spend holds exactly the per-department, per-month totals of the CSVs, run after run', async () => {
  for (let run = 0; run < 2; run += 1) {
    const summary = await runMonthlySpend();
    assert.equal(summary.status, 'succeeded');
    const { rows } = await stack.pool.query(
      `SELECT department, to_char(month, 'YYYY-MM-DD') AS month, total::float AS total, expenses FROM agg_monthly_spend`,
    );
    const expected = expectedTotals();
    assert.equal(
      rows.length,
      expected.size,
      'one row per department and month, no duplicates after a re-run',
    );
    for (const row of rows as { department: string; month: string; total: number; expenses: number }[]) {
      assert.deepEqual(
        { total: row.total, expenses: row.expenses },
        expected.get(`${row.department}|${row.month}`),
      );
    }
    const transform = summary.steps.find((s) => s.id === 'transform_monthly_spend');
    assert.equal(transform?.rowsIn, 64, '60 expenses and 4 departments read');
    assert.deepEqual(
      summary.steps.find((s) => s.id === 'load_agg_monthly_spend')?.checks?.map((c) => c.status),
      ['pass', 'pass'],
    );
  }
});
