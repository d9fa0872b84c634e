// The benches' catalog: the pipelines a bench worker runs, built from where the bench put its data.
import type { Catalog } from '../core/pipeline/catalog';
import { ORDER_COLUMNS } from '../example/pipelines/orders-csv';
import { definePipeline, type PipelineDefinition } from '../core/pipeline/define-pipeline';
import type { HttpPagination } from '../core/fetch/source-spec';
import { ORDERS_CONTRACT } from './orders-data';

export const FETCH_VALIDATE = 'bench_fetch_validate';
export const ORDERS_END_TO_END = 'bench_orders_end_to_end';
/** The end-to-end pipeline's merge target. */
export const ORDERS_TARGET = 'fct_bench_orders';

/** What bench/bench-worker.ts prints on stdout once it is about to poll. */
export const WORKER_READY = 'bench worker ready';

/** No retries and generous timeouts: a bench attempt either runs once or the bench fails. */
const defaults = { retry: { maximumAttempts: 1 }, timeouts: { startToClose: '60m', heartbeat: '5m' } };

/** How the bench's HTTP server pages: `?page=N` with the page count in `meta`, or an opaque next cursor. */
export type PaginationStyle = 'page' | 'cursor';

const PAGINATION: Record<PaginationStyle, HttpPagination> = {
  page: { style: 'page', pageParam: 'page', totalPagesPath: 'meta.total_pages' },
  cursor: { style: 'cursor', cursorParam: 'cursor', nextCursorPath: 'next_cursor' },
};

/** fetch (a paginated JSON API) → validate; the run's `rows` param says how many orders the API serves. */
export function fetchValidatePipeline(baseUrl: string, style: PaginationStyle, pageSize: number) {
  return definePipeline({
    name: FETCH_VALIDATE,
    description: 'Bench: orders from a paginated JSON API, validated against the orders contract.',
    owner: 'bench',
    defaults,
    steps: [
      {
        kind: 'fetch',
        id: 'fetch_orders_api',
        source: {
          kind: 'http',
          url: `${baseUrl}/orders`,
          recordsPath: 'data',
          params: { rows: '{{params.rows}}', per_page: String(pageSize) },
          pagination: PAGINATION[style],
        },
      },
      {
        kind: 'validate',
        id: 'validate_orders',
        input: 'fetch_orders_api',
        contract: { file: ORDERS_CONTRACT },
      },
    ],
  });
}

/** What the rows transform adds; the plain script computes the same. */
export const amountCents = (amount: number) => Math.round(amount * 100);

/** fetch (a file) → validate → transform (amount_cents) → merge load into fct_bench_orders. */
export function ordersEndToEndPipeline(file: string, format: 'csv' | 'ndjson') {
  return definePipeline({
    name: ORDERS_END_TO_END,
    description: 'Bench: an orders file validated, given amount_cents and merged into fct_bench_orders.',
    owner: 'bench',
    defaults,
    steps: [
      { kind: 'fetch', id: 'fetch_orders_file', source: { kind: 'file', path: file, format } },
      {
        kind: 'validate',
        id: 'validate_orders',
        input: 'fetch_orders_file',
        contract: { file: ORDERS_CONTRACT },
      },
      {
        kind: 'transform',
        id: 'transform_orders_cents',
        inputs: ['validate_orders'],
        rows: (batch) => batch.map((row) => ({ ...row, amount_cents: amountCents(Number(row.amount)) })),
      },
      {
        kind: 'load',
        id: 'load_orders_fct',
        input: 'transform_orders_cents',
        target: {
          table: ORDERS_TARGET,
          mode: 'merge',
          key: ['order_id'],
          columns: [...ORDER_COLUMNS, { name: 'amount_cents', type: 'bigint' }],
        },
      },
    ],
  });
}

/** The pipelines whose data the environment locates (set by the bench that starts the worker). */
export function benchCatalog(env: NodeJS.ProcessEnv): Catalog {
  const pipelines: PipelineDefinition[] = [];
  if (env.BENCH_ORDERS_URL) {
    const style = (env.BENCH_PAGINATION ?? 'page') as PaginationStyle;
    pipelines.push(fetchValidatePipeline(env.BENCH_ORDERS_URL, style, Number(env.BENCH_PAGE_SIZE ?? 5000)));
  }
  if (env.BENCH_ORDERS_FILE) {
    const format = env.BENCH_FORMAT === 'ndjson' ? 'ndjson' : 'csv';
    pipelines.push(ordersEndToEndPipeline(env.BENCH_ORDERS_FILE, format));
  }
  return new Map(pipelines.map((p) => [p.name, p]));
}
