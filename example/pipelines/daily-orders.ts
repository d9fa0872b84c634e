// The seeds' daily_orders: one run per UTC day loads that day's orders, replacing its partition of fct_daily_orders.
import { definePipeline } from 'sluice';
import { ORDER_COLUMNS } from './orders-csv';

/** Keeps the orders placed on the run's UTC day (ordered_at may carry any offset; the contract checked it). */
const ordersOfTheDay = (rows: Record<string, unknown>[], { partition }: { partition?: string }) =>
  rows.filter((row) => new Date(String(row.ordered_at)).toISOString().slice(0, 10) === partition);

export const dailyOrders = definePipeline({
  name: 'daily_orders',
  description:
    "Each day's orders in fct_daily_orders: a run loads one UTC day and replaces only that day's rows.",
  owner: 'data-platform',
  partitions: { kind: 'daily', start: '2026-10-01', timezone: 'UTC' },
  // Every day at 02:00 UTC, the run for the day before (partitionOffset defaults to -1).
  schedule: { cron: '0 2 * * *', timezone: 'UTC' },
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_orders',
      summary: 'Read data/daily-orders.csv (a real source would ask for {{partition}} only)',
      source: { kind: 'file', path: 'data/daily-orders.csv', format: 'csv' },
    },
    {
      kind: 'validate',
      id: 'validate_orders',
      input: 'fetch_orders',
      contract: { file: 'contracts/orders.yml' },
    },
    {
      kind: 'transform',
      id: 'orders_of_the_day',
      inputs: ['validate_orders'],
      rows: ordersOfTheDay,
      checks: [{ kind: 'row_count', min: 1, severity: 'warn' }],
    },
    {
      kind: 'load',
      id: 'load_daily_orders',
      input: 'orders_of_the_day',
      target: {
        table: 'fct_daily_orders',
        mode: 'replace-partition',
        partitionColumn: 'order_date',
        key: ['order_id'],
        columns: [...ORDER_COLUMNS, { name: 'order_date', type: 'date' }],
      },
      checks: [{ kind: 'unique', columns: ['order_id'] }],
    },
  ],
});
