// The postgres source on real PostgreSQL: rows typed and batched, parameters bound, incremental watermarks, cancellation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { commitWatermarks } from '../../activities/state/watermarks';
import { db, fetch, pipeline, source, staged, useOrdersSource } from './fetch-postgres-fixtures';

useOrdersSource();

test('rows stream in batches exactly, typed as documented, whatever the worker time zone', async () => {
  const zone = process.env.TZ;
  process.env.TZ = 'Asia/Tokyo'; // pg would parse a date to this zone's midnight: the day before in UTC
  try {
    const result = await fetch({ batchSize: 2 });
    assert.equal(result.rowsOut, 5);
    // Typed values; bigint and numeric as their exact text, which the reference says are numbers.
    assert.deepEqual([result.output?.values, result.output?.numberText], ['typed', ['amount', 'id']]);
    const rows = await staged(result);
    assert.deepEqual(
      rows.map((r) => r.id),
      ['2', '3', '4', '5', '9007199254740993'],
    );
    assert.deepEqual(rows[4], {
      id: '9007199254740993',
      customer: 'C001',
      amount: '12.50',
      qty: 3,
      placed_on: '2026-11-01',
      updated_at: '2026-11-01T06:30:00.123456Z',
      local_at: '2026-11-01T08:30:00.000000',
      tags: ['a', 'b'],
      meta: { channel: 'web', n: [1, 2] },
      paid: true,
      code: '\\x0102',
    });
    assert.deepEqual(rows[0], {
      id: '2',
      customer: 'C002',
      amount: '0.10',
      qty: 1,
      placed_on: '2026-11-02',
      updated_at: '2026-11-02T00:00:00.000000Z',
      local_at: '2026-11-02T23:59:59.500000',
      tags: [],
      meta: null,
      paid: false,
      code: null,
    });
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});

test('placeholders become bound parameters: an injection attempt stays a literal', async () => {
  const query = 'SELECT id FROM orders WHERE customer = $1 AND placed_on >= $2::date ORDER BY id';
  const params = ['{{params.customer}}', '{{partition}}'];
  const found = await fetch({ query, params }, { params: { customer: 'C001' }, partition: '2026-11-01' });
  assert.deepEqual(await staged(found), [{ id: '9007199254740993' }]);
  const injected = await fetch(
    { query, params },
    { params: { customer: "C001' OR '1'='1" }, partition: '2026-11-01' },
  );
  assert.equal(injected.rowsOut, 0);
  const { rows } = await source.query('SELECT count(*)::int AS n FROM orders');
  assert.equal(rows[0].n, 5);
});

test('incremental: {{watermark}} is bound, and only rows above it are kept', async () => {
  const spec = {
    query: 'SELECT id, updated_at FROM orders WHERE updated_at > $1::timestamptz ORDER BY id',
    params: ['{{watermark}}'],
  };
  const incremental = {
    cursorField: 'updated_at',
    cursorType: 'timestamp' as const,
    initial: '2026-11-02T00:00:00.000000Z',
  };
  const first = await fetch(spec, {}, incremental);
  assert.deepEqual(
    (await staged(first)).map((r) => r.id),
    ['3', '4', '5'],
  );
  assert.equal(first.proposedWatermark, '2026-11-05T00:00:00.000000Z');
  const client = await db.pool.connect();
  try {
    await commitWatermarks(client, { workflowId: 'w', runId: 'r' }, pipeline(spec, incremental), {
      fetch_orders_db: first.proposedWatermark!,
    });
  } finally {
    client.release();
  }
  await source.query(`UPDATE orders SET updated_at = '2026-11-06 00:00:00+00' WHERE id = 2`);
  const second = await fetch(spec, {}, incremental);
  assert.deepEqual(await staged(second), [{ id: '2', updated_at: '2026-11-06T00:00:00.000000Z' }]);
  assert.equal(second.proposedWatermark, '2026-11-06T00:00:00.000000Z');
  await source.query(`UPDATE orders SET updated_at = '2026-11-02 00:00:00+00' WHERE id = 2`);
});

test(
  'cancelling the fetch ends it while the query still works on its first row',
  { timeout: 30_000 },
  async () => {
    const env = new MockActivityEnvironment();
    setTimeout(() => env.cancel(), 300);
    await assert.rejects(fetch({ query: 'SELECT pg_sleep(60) AS slept' }, {}, undefined, env), (err: Error) =>
      [err.name, (err.cause as Error | undefined)?.name].includes('CancelledFailure'),
    );
  },
);
