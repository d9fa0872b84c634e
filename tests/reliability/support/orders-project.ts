// The reliability suite's project: N generated orders (every BAD_EVERY-th one breaking its contract) through one
// pipeline per variant (a source kind, a transform kind, a load mode), and what each target and quarantine must hold.
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { openPool } from '../../../runtime/open-pool';
import { SLUICE_API, writeProject } from '../../support/temp-project';

/** Every this-many-th order has a negative amount, which the contract rejects. */
const BAD_EVERY = 997;

export interface Order {
  order_id: number;
  customer_id: string;
  amount: number;
  ordered_at: string;
}

/** The n-th generated order (from 1): the same every time, for a file, an API and the expected digest. */
export function order(n: number): Order {
  const h = Math.imul(n, 2_654_435_761) >>> 0;
  return {
    order_id: n,
    customer_id: `C${String(h % 1000).padStart(3, '0')}`,
    amount: n % BAD_EVERY === 0 ? -1 : (h % 100_000) / 100,
    ordered_at: new Date(Date.UTC(2026, 0, 1) + ((n * 37_011) % 31_536_000_000)).toISOString(),
  };
}

/** Orders 1…rows. */
export const ordersUpTo = (rows: number): Order[] => Array.from({ length: rows }, (_, i) => order(i + 1));

/** The partition a partitioned variant runs; its transform keeps the orders of that region only. */
export const REGION = 'eu';
const regionOf = (orderId: number) => (orderId % 2 === 1 ? 'eu' : 'us');

/** One pipeline of the project: fetch → validate → transform → load, each part chosen per variant. */
export interface OrdersVariant {
  pipeline: string;
  target: string;
  steps: readonly [fetch: string, validate: string, transform: string, load: string];
  /** The fetch step's `source`, as TypeScript text. */
  source: string;
  /** The data files the source reads, from all the orders. */
  files?: (orders: readonly Order[]) => Record<string, string>;
  /** The transform step's body (`rows: …` or `sql: …`), adding amount_cents. */
  transform: string;
  /** The load step's `mode` and any further target fields, as TypeScript text. */
  load: string;
  /** Extra definition fields (partitions). */
  pipelineExtra?: string;
  /** The partition a run of it takes. */
  partition?: string;
  /** The text column the partition key is loaded into (replace-partition's partitionColumn). */
  partitionColumn?: string;
  /** Which good orders the target keeps (all by default). */
  keeps?: (order: Order) => boolean;
  /** The target's current rows (history keeps closed versions too). */
  currentRows?: string;
  /** The source may send an order more than once (an API): the contract leaves order_id's uniqueness to the load. */
  repeatsOrders?: boolean;
  /** Every step's heartbeat timeout; default '10s'. */
  heartbeat?: string;
}

const ndjson = (orders: readonly Order[]) => `${orders.map((o) => JSON.stringify(o)).join('\n')}\n`;
const csv = (orders: readonly Order[]) =>
  `order_id,customer_id,amount,ordered_at\n${orders
    .map((o) => `${o.order_id},${o.customer_id},${o.amount},${o.ordered_at}`)
    .join('\n')}\n`;
export const rowsAddingCents = `rows: (batch) => batch.map((row) => ({ ...row, amount_cents: Math.round(Number(row.amount) * 100) }))`;

/** NDJSON file → YAML contract → rows transform → merge on the key. */
export const NDJSON_MERGE: OrdersVariant = {
  pipeline: 'reliable_orders',
  target: 'fct_reliable_orders',
  steps: ['fetch_orders', 'validate_orders', 'add_cents', 'load_orders'],
  source: `{ kind: 'file', path: 'data/orders.ndjson', format: 'ndjson' }`,
  files: (orders) => ({ 'data/orders.ndjson': ndjson(orders) }),
  transform: rowsAddingCents,
  load: `mode: 'merge'`,
};

/** CSV file → contract → SQL transform → replace, with checks on the loaded table. */
export const CSV_REPLACE: OrdersVariant = {
  pipeline: 'csv_orders',
  target: 'fct_csv_orders',
  steps: ['fetch_csv', 'validate_csv', 'sql_cents', 'load_csv'],
  source: `{ kind: 'file', path: 'data/orders.csv', format: 'csv' }`,
  files: (orders) => ({ 'data/orders.csv': csv(orders) }),
  transform: `sql: \`SELECT order_id, customer_id, amount, round(amount::numeric * 100)::bigint AS amount_cents, ordered_at
                  FROM {{validate_csv}}\``,
  load: `mode: 'replace',
          checks: [
            { kind: 'unique', columns: ['order_id'] },
            { kind: 'not_null', columns: ['amount_cents'] },
            { kind: 'row_count', min: 1 },
          ]`,
};

/** A JSON document's nested array → contract → rows transform → append (exactly once by the ledger). */
export const JSON_APPEND: OrdersVariant = {
  pipeline: 'json_orders',
  target: 'fct_json_orders',
  steps: ['fetch_json', 'validate_json', 'json_cents', 'load_json'],
  source: `{ kind: 'file', path: 'data/orders.json', format: 'json', recordsPath: 'data.items' }`,
  files: (orders) => ({ 'data/orders.json': JSON.stringify({ data: { items: orders } }) }),
  transform: rowsAddingCents,
  load: `mode: 'append', checks: [{ kind: 'accepted_range', column: 'amount_cents', min: 0 }]`,
};

/** The table a PostgreSQL source reads, filled by `fillSourceTable`, at the URL in SOURCE_URL_ENV. */
export const SOURCE_TABLE = 'src_reliable_orders';
export const SOURCE_URL_ENV = 'RELIABLE_SOURCE_URL';

/** A PostgreSQL query → contract → rows transform → history (SCD2). */
export const POSTGRES_HISTORY: OrdersVariant = {
  pipeline: 'postgres_orders',
  target: 'fct_postgres_orders',
  steps: ['fetch_postgres', 'validate_postgres', 'postgres_cents', 'load_postgres'],
  source: `{ kind: 'postgres', urlEnv: '${SOURCE_URL_ENV}', query: 'SELECT * FROM ${SOURCE_TABLE} ORDER BY order_id', batchSize: 5000 }`,
  transform: rowsAddingCents,
  load: `mode: 'history'`,
  currentRows: 'is_current',
};

/** NDJSON → contract → a rows transform keeping the run's region → replace-partition. */
export const NDJSON_PARTITION: OrdersVariant = {
  pipeline: 'regional_orders',
  target: 'fct_regional_orders',
  steps: ['fetch_regional', 'validate_regional', 'of_the_region', 'load_regional'],
  source: NDJSON_MERGE.source,
  files: NDJSON_MERGE.files,
  transform: `rows: (batch, { partition }) =>
          batch
            .map((row) => ({ ...row, region: Number(row.order_id) % 2 === 1 ? 'eu' : 'us', amount_cents: Math.round(Number(row.amount) * 100) }))
            .filter((row) => row.region === partition)`,
  load: `mode: 'replace-partition', partitionColumn: 'region'`,
  pipelineExtra: `partitions: { kind: 'static', values: ['eu', 'us'] },`,
  partition: REGION,
  partitionColumn: 'region',
  keeps: (o) => regionOf(o.order_id) === REGION,
};

/** Days of DAILY_PARTITIONS, from 2026-01-01: order n belongs to day (n mod DAYS) + 1, whenever it was ordered. */
export const DAYS = 24;
export const dayOf = (orderId: number) => `2026-01-${String((orderId % DAYS) + 1).padStart(2, '0')}`;

/** NDJSON → contract → a rows transform keeping the run's day → replace-partition, for backfills of DAYS days. */
export const DAILY_PARTITIONS: OrdersVariant = {
  pipeline: 'daily_orders',
  target: 'fct_daily_orders',
  steps: ['fetch_daily', 'validate_daily', 'of_the_day', 'load_daily'],
  source: NDJSON_MERGE.source,
  files: NDJSON_MERGE.files,
  transform: `rows: (batch, { partition }) =>
          batch
            .map((row) => ({ ...row, day: '2026-01-' + String((Number(row.order_id) % ${DAYS}) + 1).padStart(2, '0'), amount_cents: Math.round(Number(row.amount) * 100) }))
            .filter((row) => row.day === partition)`,
  load: `mode: 'replace-partition', partitionColumn: 'day'`,
  pipelineExtra: `partitions: { kind: 'daily', start: '2026-01-01', timezone: 'UTC' },`,
  partitionColumn: 'day',
};

export const ALL_VARIANTS = [
  NDJSON_MERGE,
  CSV_REPLACE,
  JSON_APPEND,
  POSTGRES_HISTORY,
  NDJSON_PARTITION,
] as const;

const contract = (unique: boolean) => `dataset: stg_reliable_orders
description: Generated orders, one per order_id.
owner: reliability
columns:
  - name: order_id
    type: integer
    required: true
    unique: ${unique}
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

const COLUMNS = `[
            { name: 'order_id', type: 'bigint' },
            { name: 'customer_id', type: 'text' },
            { name: 'amount', type: 'numeric' },
            { name: 'amount_cents', type: 'bigint' },
            { name: 'ordered_at', type: 'timestamptz' },
          ]`;

function pipelineText(v: OrdersVariant): string {
  const [fetch, validate, transform, load] = v.steps;
  const columns = v.partitionColumn
    ? `[...${COLUMNS}, { name: '${v.partitionColumn}', type: 'text' }]`
    : COLUMNS;
  return `  definePipeline({
    name: '${v.pipeline}',
    description: 'Generated orders, validated, given amount_cents and loaded into ${v.target}.',
    owner: 'reliability',
    ${v.pipelineExtra ?? ''}
    defaults: { retry: { maximumAttempts: 20 }, timeouts: { heartbeat: '${v.heartbeat ?? '10s'}' } },
    steps: [
      { kind: 'fetch', id: '${fetch}', source: ${v.source} },
      { kind: 'validate', id: '${validate}', input: '${fetch}', contract: { file: 'contracts/${v.repeatsOrders ? 'orders-repeatable' : 'orders'}.yml' } },
      { kind: 'transform', id: '${transform}', inputs: ['${validate}'], ${v.transform} },
      {
        kind: 'load',
        id: '${load}',
        input: '${transform}',
        target: { table: '${v.target}', key: ['order_id'], columns: ${columns}, ${v.load} },
      },
    ],
  }),`;
}

export interface OrdersProject {
  dir: string;
  rows: number;
  /** Orders the contract rejects, in every variant. */
  bad: number;
  /** What each variant's target must hold, by pipeline. */
  expected: Map<string, TargetDigest>;
}

export interface TargetDigest {
  rows: number;
  checksum: string;
}

export const digestOf = (orders: readonly Order[]): TargetDigest => ({
  rows: orders.length,
  checksum: createHash('md5')
    .update(orders.map((o) => `${o.order_id}:${Math.round(o.amount * 100)}`).join(','))
    .digest('hex'),
});

/** A project folder with `rows` orders and a pipeline for each of `variants`. */
export async function writeOrdersProject(
  rows: number,
  variants: readonly OrdersVariant[] = [NDJSON_MERGE],
): Promise<OrdersProject> {
  const orders = ordersUpTo(rows);
  const good = orders.filter((o) => o.amount >= 0);
  const files = Object.assign({}, ...variants.map((v) => v.files?.(orders) ?? {})) as Record<string, string>;
  const dir = await writeProject({
    'sluice.config.ts': `import { defineConfig } from ${SLUICE_API};\nexport default defineConfig({ pipelines: './pipelines.ts' });\n`,
    'pipelines.ts': `import { definePipeline } from ${SLUICE_API};\nexport default [\n${variants.map(pipelineText).join('\n')}\n];\n`,
    'contracts/orders.yml': contract(true),
    'contracts/orders-repeatable.yml': contract(false),
    ...files,
  });
  const expected = new Map(variants.map((v) => [v.pipeline, digestOf(good.filter(v.keeps ?? (() => true)))]));
  return { dir, rows, bad: rows - good.length, expected };
}

/** A project with every variant's pipeline over `rows` orders, and its PostgreSQL source filled at `databaseUrl`. */
export async function writeAllVariants(rows: number, databaseUrl: string): Promise<OrdersProject> {
  const project = await writeOrdersProject(rows, ALL_VARIANTS);
  const pool = await openPool(databaseUrl, 1);
  try {
    await fillSourceTable(pool, rows);
  } finally {
    await pool.end();
  }
  return project;
}

/** Fills the PostgreSQL source's table with the orders (amount as a double, ordered_at as timestamptz). */
async function fillSourceTable(pool: Pool, rows: number): Promise<void> {
  const orders = ordersUpTo(rows);
  await pool.query(`DROP TABLE IF EXISTS ${SOURCE_TABLE}`);
  await pool.query(
    `CREATE TABLE ${SOURCE_TABLE} (order_id integer PRIMARY KEY, customer_id text, amount double precision, ordered_at timestamptz)`,
  );
  await pool.query(
    `INSERT INTO ${SOURCE_TABLE} SELECT * FROM unnest($1::int[], $2::text[], $3::float8[], $4::timestamptz[])`,
    [
      orders.map((o) => o.order_id),
      orders.map((o) => o.customer_id),
      orders.map((o) => o.amount),
      orders.map((o) => o.ordered_at),
    ],
  );
}

/** What a variant's target holds, in the same digest. */
export async function targetDigest(pool: Pool, variant: OrdersVariant): Promise<TargetDigest> {
  const { rows } = await pool.query<{ rows: string; checksum: string | null }>(
    `SELECT count(*) AS rows,
            md5(string_agg(order_id::text || ':' || amount_cents::text, ',' ORDER BY order_id)) AS checksum
       FROM ${variant.target}${variant.currentRows ? ` WHERE ${variant.currentRows}` : ''}`,
  );
  return { rows: Number(rows[0]?.rows), checksum: rows[0]?.checksum ?? '' };
}
