// The first example: orders from a CSV file, checked against their contract, merged into fct_orders.
import { definePipeline, type ColumnSpec } from 'sluice';

/** The typed columns of an order in the warehouse (fct_orders and the benchmarks' targets). */
export const ORDER_COLUMNS: ColumnSpec[] = [
  { name: 'order_id', type: 'bigint' },
  { name: 'customer_id', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'amount', type: 'numeric' },
  { name: 'ordered_at', type: 'timestamptz' },
];

export const ordersCsv = definePipeline({
  name: 'orders_csv',
  description: 'Loads the sample orders CSV into fct_orders, one row per order (merge on order_id).',
  owner: 'data-platform',
  // One partition per UTC day; the 02:00 run loads the day before. Paused until a partition-aware load exists.
  partitions: { kind: 'daily', start: '2026-01-01' },
  schedule: { cron: '0 2 * * *', timezone: 'UTC', paused: true },
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_orders_csv',
      summary: 'Read data/orders.csv',
      source: { kind: 'file', path: 'data/orders.csv', format: 'csv' },
      checks: [{ kind: 'row_count', min: 1 }],
    },
    {
      kind: 'validate',
      id: 'validate_orders',
      input: 'fetch_orders_csv',
      contract: { file: 'contracts/orders.yml' },
    },
    {
      kind: 'load',
      id: 'load_orders_fct',
      input: 'validate_orders',
      target: {
        table: 'fct_orders',
        mode: 'merge',
        key: ['order_id'],
        columns: ORDER_COLUMNS,
      },
      checks: [
        { kind: 'unique', columns: ['order_id'] },
        { kind: 'not_null', column: 'amount' },
        {
          kind: 'accepted_values',
          column: 'status',
          values: ['placed', 'shipped', 'delivered', 'cancelled'],
        },
        { kind: 'row_count_anomaly', severity: 'warn' },
      ],
    },
  ],
});
