// The reliability suite's project: N generated orders (every BAD_EVERY-th one breaking its contract) through
// fetch → validate → rows transform → merge, and what the target and quarantine must hold after any run.
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { SLUICE_API, writeProject } from '../../support/temp-project';

export const PIPELINE = 'reliable_orders';
export const TARGET = 'fct_reliable_orders';
export const STEPS = ['fetch_orders', 'validate_orders', 'add_cents', 'load_orders'] as const;

/** Every this-many-th order has a negative amount, which the contract rejects. */
const BAD_EVERY = 997;

interface Order {
  order_id: number;
  customer_id: string;
  amount: number;
  ordered_at: string;
}

function order(n: number): Order {
  const h = Math.imul(n, 2_654_435_761) >>> 0;
  return {
    order_id: n,
    customer_id: `C${String(h % 1000).padStart(3, '0')}`,
    amount: n % BAD_EVERY === 0 ? -1 : (h % 100_000) / 100,
    ordered_at: new Date(Date.UTC(2026, 0, 1) + ((n * 37_011) % 31_536_000_000)).toISOString(),
  };
}

const CONTRACT = `dataset: stg_reliable_orders
description: Generated orders, one per order_id.
owner: reliability
columns:
  - name: order_id
    type: integer
    required: true
    unique: true
  - name: customer_id
    type: string
    required: true
    pattern: '^C\\d{3}$'
  - name: amount
    type: number
    required: true
    min: 0
  - name: ordered_at
    type: timestamp
    required: true
`;

const PIPELINES = `import { definePipeline } from ${SLUICE_API};
export default [
  definePipeline({
    name: '${PIPELINE}',
    description: 'Generated orders, validated, given amount_cents and merged into ${TARGET}.',
    owner: 'reliability',
    defaults: { retry: { maximumAttempts: 8 }, timeouts: { heartbeat: '20s' } },
    steps: [
      { kind: 'fetch', id: 'fetch_orders', source: { kind: 'file', path: 'data/orders.ndjson', format: 'ndjson' } },
      { kind: 'validate', id: 'validate_orders', input: 'fetch_orders', contract: { file: 'contracts/orders.yml' } },
      {
        kind: 'transform',
        id: 'add_cents',
        inputs: ['validate_orders'],
        rows: (batch) => batch.map((row) => ({ ...row, amount_cents: Math.round(Number(row.amount) * 100) })),
      },
      {
        kind: 'load',
        id: 'load_orders',
        input: 'add_cents',
        target: {
          table: '${TARGET}',
          mode: 'merge',
          key: ['order_id'],
          columns: [
            { name: 'order_id', type: 'bigint' },
            { name: 'customer_id', type: 'text' },
            { name: 'amount', type: 'numeric' },
            { name: 'amount_cents', type: 'bigint' },
            { name: 'ordered_at', type: 'timestamptz' },
          ],
        },
      },
    ],
  }),
];
`;

export interface OrdersProject {
  dir: string;
  rows: number;
  /** Orders the contract rejects. */
  bad: number;
  /** What the target must hold: its row count and a checksum over every key and amount, in key order. */
  expected: TargetDigest;
}

export interface TargetDigest {
  rows: number;
  checksum: string;
}

export async function writeOrdersProject(rows: number): Promise<OrdersProject> {
  const lines: string[] = [];
  const good: string[] = [];
  for (let n = 1; n <= rows; n += 1) {
    const o = order(n);
    lines.push(JSON.stringify(o));
    if (o.amount >= 0) good.push(`${o.order_id}:${Math.round(o.amount * 100)}`);
  }
  const dir = await writeProject({
    'sluice.config.ts': `import { defineConfig } from ${SLUICE_API};\nexport default defineConfig({ pipelines: './pipelines.ts' });\n`,
    'pipelines.ts': PIPELINES,
    'contracts/orders.yml': CONTRACT,
    'data/orders.ndjson': `${lines.join('\n')}\n`,
  });
  const checksum = createHash('md5').update(good.join(',')).digest('hex');
  return { dir, rows, bad: rows - good.length, expected: { rows: good.length, checksum } };
}

/** What the target holds, in the same digest. */
export async function targetDigest(pool: Pool): Promise<TargetDigest> {
  const { rows } = await pool.query<{ rows: string; checksum: string | null }>(
    `SELECT count(*) AS rows,
            md5(string_agg(order_id::text || ':' || amount_cents::text, ',' ORDER BY order_id)) AS checksum
       FROM ${TARGET}`,
  );
  return { rows: Number(rows[0]?.rows), checksum: rows[0]?.checksum ?? '' };
}
