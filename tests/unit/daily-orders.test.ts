// The daily_orders example keeps an order on the UTC day it was placed, whatever offset its time carries.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowTransformStep } from '../../core/pipeline/step-definitions';
import { dailyOrders } from '../../example/pipelines/daily-orders';

const ordersOfTheDay = dailyOrders.steps.find((s) => s.id === 'orders_of_the_day') as RowTransformStep;

test("an order's day is its UTC day, also when its time carries an offset", async () => {
  const rows = [
    { order_id: 1, ordered_at: '2026-10-01T23:30:00-05:00' }, // 2026-10-02 04:30 UTC
    { order_id: 2, ordered_at: '2026-10-02T00:10:00Z' },
    { order_id: 3, ordered_at: '2026-10-02T01:00:00+02:00' }, // 2026-10-01 23:00 UTC
  ];
  const kept = await ordersOfTheDay.rows(rows, { partition: '2026-10-02', params: {} });
  assert.deepEqual(
    kept.map((r) => r.order_id),
    [1, 2],
  );
});
