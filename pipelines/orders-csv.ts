// The first example: orders from a CSV file shipped in the repo, merged into fct_orders by order_id.
import { definePipeline } from '../core/define-pipeline';

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
      summary: 'Read pipelines/data/orders.csv',
      source: { kind: 'file', path: 'pipelines/data/orders.csv', format: 'csv' },
    },
    {
      kind: 'load',
      id: 'load_orders_fct',
      input: 'fetch_orders_csv',
      target: {
        table: 'fct_orders',
        mode: 'merge',
        key: ['order_id'],
        columns: [
          { name: 'order_id', type: 'bigint' },
          { name: 'customer_id', type: 'text' },
          { name: 'status', type: 'text' },
          { name: 'amount', type: 'numeric' },
          { name: 'ordered_at', type: 'timestamptz' },
        ],
      },
    },
  ],
});
