// Bench (issue 5): fetch → validate of orders from a paginated local JSON API, as a real pipeline run on the
// dev stack, against a plain single-process script (fetch pages, parse, zod safeParse, COPY) in the same run;
// and the worker's peak RSS at two sizes, each on a fresh worker process, to show it stays flat.
//
//   npx tsx bench/fetch-validate.ts                  # 1,000,000 rows (RSS also at 250,000)
//   BENCH_ROWS=20000 npx tsx bench/fetch-validate.ts # smoke run
//
// Environment [default]:
//   BENCH_ROWS [1000000]          the larger size
//   BENCH_SMALL_ROWS [ROWS / 4]   the smaller size (RSS should not grow with size)
//   BENCH_PAGE_SIZE [5000]        records a page
//   BENCH_PAGINATION [page]       page (?page=N, total in meta) or cursor (next_cursor in the body)
//   BENCH_PROFILE=1               one more run with the worker under --cpu-prof, summarized
//   BENCH_PROFILE_ROWS [min(ROWS, 250000)], BENCH_PROFILE_DIR (keep the .cpuprofile files there)
//   BENCH_PLAIN_CHUNK_ROWS [1000] rows a COPY message in the plain script (1 = one a row, as Sluice sends)
//   BENCH_MEMORY_TRACE=1          the worker prints its memory every second; with
//                                 BENCH_WORKER_NODE_ARGS=--expose-gc, after a full GC (what is live)
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  envInt,
  memoryOf,
  say,
  seconds,
  startBenchStack,
  startBenchWorker,
  startOrdersServer,
  stepLines,
  thousands,
  timedRun,
  type BenchStack,
} from './bench-support';
import { FETCH_VALIDATE, type PaginationStyle } from './bench-pipelines';
import { ORDER_COLUMNS_SQL, orderLine, plainOrderSchema } from './orders-data';

const ROWS = envInt('BENCH_ROWS', 1_000_000);
const SMALL_ROWS = envInt('BENCH_SMALL_ROWS', Math.max(1, Math.round(ROWS / 4)));
const PAGE_SIZE = envInt('BENCH_PAGE_SIZE', 5000);
const STYLE = (process.env.BENCH_PAGINATION ?? 'page') as PaginationStyle;
const PROFILE = process.env.BENCH_PROFILE === '1';
const PROFILE_ROWS = envInt('BENCH_PROFILE_ROWS', Math.min(ROWS, 250_000));
const RSS_TARGET_MB = 300;
/** Rows per chunk the plain script hands COPY (each chunk is one CopyData message); 1 is what Sluice sends. */
const PLAIN_CHUNK_ROWS = envInt('BENCH_PLAIN_CHUNK_ROWS', 1000);

interface Measured {
  rows: number;
  plainMs: number;
  sluiceMs: number;
  idleRssMb: number;
  peakRssMb: number;
}

/** The plain script: one process, pages fetched one after another, one COPY into a typed table. */
async function plainFetchValidate(pool: Pool, baseUrl: string, rows: number): Promise<number> {
  const table = 'bench_orders_plain';
  await pool.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${ORDER_COLUMNS_SQL})`);
  let rejected = 0;
  async function* copyChunks(): AsyncGenerator<string> {
    let next: string | null = STYLE === 'page' ? '1' : '';
    while (next !== null) {
      const query = `rows=${rows}&per_page=${PAGE_SIZE}`;
      const url =
        STYLE === 'page'
          ? `${baseUrl}/orders?${query}&page=${next}`
          : `${baseUrl}/orders?${query}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`;
      const response = await fetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
      const body = (await response.json()) as {
        data: unknown[];
        meta?: { total_pages: number };
        next_cursor?: string | null;
      };
      let chunk = '';
      let inChunk = 0;
      for (const record of body.data) {
        const parsed = plainOrderSchema.safeParse(record);
        if (!parsed.success) {
          rejected += 1;
          continue;
        }
        chunk += orderLine(parsed.data);
        if ((inChunk += 1) === PLAIN_CHUNK_ROWS) {
          yield chunk;
          chunk = '';
          inChunk = 0;
        }
      }
      if (chunk) yield chunk;
      if (STYLE === 'page') {
        const page: number = Number(next);
        next = body.data.length > 0 && page < (body.meta?.total_pages ?? Infinity) ? String(page + 1) : null;
      } else next = body.next_cursor ?? null;
    }
  }
  const started = performance.now();
  const client = await pool.connect();
  try {
    await pipeline(Readable.from(copyChunks()), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
  } finally {
    client.release();
  }
  const ms = performance.now() - started;
  const { rows: count } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  if (Number(count[0]?.n) !== rows || rejected > 0)
    throw new Error(`the plain script stored ${count[0]?.n} rows of ${rows} (${rejected} rejected)`);
  await pool.query(`DROP TABLE ${table}`);
  return ms;
}

/** One pipeline run of `rows` orders on a fresh worker process: time, steps, RSS idle and at its peak. */
async function sluiceFetchValidate(
  bench: BenchStack,
  env: NodeJS.ProcessEnv,
  rows: number,
  cpuProfile = false,
) {
  const worker = await startBenchWorker(bench, env, { cpuProfile });
  try {
    const run = await timedRun(bench, worker.taskQueue, FETCH_VALIDATE, { rows: String(rows) });
    const validated = run.summary.steps.find((s) => s.id === 'validate_orders')?.rowsOut;
    if (validated !== rows) throw new Error(`the run validated ${validated} rows of ${rows}`);
    const { peakMb } = memoryOf(worker.handle.pid);
    return { ...run, idleRssMb: worker.idleRssMb, peakRssMb: peakMb, profile: await worker.stop() };
  } catch (err) {
    await worker.stop();
    throw err;
  }
}

async function main(): Promise<void> {
  if (STYLE !== 'page' && STYLE !== 'cursor') throw new Error('BENCH_PAGINATION must be page or cursor');
  const sizes = [...new Set([Math.min(SMALL_ROWS, ROWS), ROWS])];
  say(`fetch → validate: orders over local HTTP (${STYLE} pagination, ${thousands(PAGE_SIZE)} a page),`);
  say(
    `sizes ${sizes.map(thousands).join(' and ')}; 2 steps on the dev stack vs a plain single-process script`,
  );
  say('starting the dev stack and the orders API...');
  const bench = await startBenchStack();
  let api: Awaited<ReturnType<typeof startOrdersServer>> | undefined;
  const results: Measured[] = [];
  try {
    api = await startOrdersServer(ROWS, PAGE_SIZE);
    const env = { BENCH_ORDERS_URL: api.url, BENCH_PAGINATION: STYLE, BENCH_PAGE_SIZE: String(PAGE_SIZE) };
    for (const rows of sizes) {
      say(`\n${thousands(rows)} rows`);
      const plainMs = await plainFetchValidate(bench.pool, api.url, rows);
      say(`  plain script: ${seconds(plainMs).toFixed(1)} s, ${thousands(rows / seconds(plainMs))} rows/s`);
      const sluice = await sluiceFetchValidate(bench, env, rows);
      say(
        `  sluice run:   ${seconds(sluice.ms).toFixed(1)} s, ${thousands(rows / seconds(sluice.ms))} rows/s; ` +
          `worker RSS ${sluice.idleRssMb.toFixed(0)} MB idle, ${sluice.peakRssMb.toFixed(0)} MB peak`,
      );
      for (const line of stepLines(sluice.summary.steps)) say(line);
      results.push({
        rows,
        plainMs,
        sluiceMs: sluice.ms,
        idleRssMb: sluice.idleRssMb,
        peakRssMb: sluice.peakRssMb,
      });
    }
    say('\nrows          plain rows/s   sluice rows/s   sluice/plain   worker RSS idle → peak');
    for (const r of results) {
      say(
        `${thousands(r.rows).padEnd(12)} ${thousands(r.rows / seconds(r.plainMs)).padStart(13)} ` +
          `${thousands(r.rows / seconds(r.sluiceMs)).padStart(15)} ${(r.plainMs / r.sluiceMs).toFixed(2).padStart(14)} ` +
          `${`${r.idleRssMb.toFixed(0)} → ${r.peakRssMb.toFixed(0)} MB`.padStart(24)}`,
      );
    }
    const peaks = results.map((r) => r.peakRssMb);
    const highest = Math.max(...peaks);
    say(
      `worker peak RSS: ${peaks.map((p) => `${p.toFixed(0)} MB`).join(' → ')} ` +
        `(${results.length > 1 ? `${(highest - Math.min(...peaks)).toFixed(0)} MB apart; ` : ''}` +
        `target < ${RSS_TARGET_MB} MB: ${highest < RSS_TARGET_MB ? 'met' : 'MISSED'})`,
    );
    if (PROFILE) {
      say(`\nwhere the worker's time goes: one more run of ${thousands(PROFILE_ROWS)} rows under --cpu-prof`);
      const profiled = await sluiceFetchValidate(bench, env, PROFILE_ROWS, true);
      for (const line of stepLines(profiled.summary.steps)) say(line);
      for (const line of profiled.profile ?? []) say(`  ${line}`);
    }
  } finally {
    await api?.server.stop();
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
