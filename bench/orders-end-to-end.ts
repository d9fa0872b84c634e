// Bench (issue 6): orders through fetch (a file the bench writes) → validate → transform (amount_cents) →
// merge load, as ONE pipeline run on the dev stack, against a plain single-process script doing the same
// (parse, zod, transform, COPY into a temp table, INSERT … ON CONFLICT) in the same run. Target: Sluice at
// least half the plain script's rows/s; short of it, one more run with the worker under --cpu-prof says where
// its time goes.
//
//   npx tsx bench/orders-end-to-end.ts                  # 1,000,000 rows
//   BENCH_ROWS=20000 npx tsx bench/orders-end-to-end.ts # smoke run
//
// Environment [default]:
//   BENCH_ROWS [1000000]
//   BENCH_FORMAT [csv]            csv or ndjson
//   BENCH_PROFILE [auto]          auto: profile only below target; 1: always; 0: never
//   BENCH_PROFILE_ROWS [min(ROWS, 250000)], BENCH_PROFILE_DIR (keep the .cpuprofile files there)
//   BENCH_PLAIN_CHUNK_ROWS [1000] rows a COPY message in the plain script (1 = one a row, as Sluice sends)
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  envInt,
  memoryOf,
  say,
  seconds,
  startBenchStack,
  startBenchWorker,
  stepLines,
  thousands,
  timedRun,
  type BenchStack,
} from './bench-support';
import { amountCents, ORDERS_END_TO_END, ORDERS_TARGET } from './bench-pipelines';
import { order, orderLine, plainOrderSchema } from './orders-data';

const ROWS = envInt('BENCH_ROWS', 1_000_000);
const FORMAT = process.env.BENCH_FORMAT === 'ndjson' ? 'ndjson' : 'csv';
const PROFILE = process.env.BENCH_PROFILE ?? 'auto';
const PROFILE_ROWS = envInt('BENCH_PROFILE_ROWS', Math.min(ROWS, 250_000));
const TARGET_RATIO = 0.5;
const PLAIN_TARGET = 'fct_bench_orders_plain';
/** Rows per chunk the plain script hands COPY (each chunk is one CopyData message); 1 is what Sluice sends. */
const PLAIN_CHUNK_ROWS = envInt('BENCH_PLAIN_CHUNK_ROWS', 1000);

/** The orders file, as an export from a shop would be: a header row (CSV) or one object a line (NDJSON). */
async function writeOrdersFile(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  if (FORMAT === 'csv') out.write('order_id,customer_id,status,amount,ordered_at\n');
  for (let first = 1; first <= rows; first += 10_000) {
    let chunk = '';
    for (let n = first; n < Math.min(first + 10_000, rows + 1); n += 1) {
      const o = order(n);
      chunk +=
        FORMAT === 'csv'
          ? `${o.order_id},${o.customer_id},${o.status},${o.amount},${o.ordered_at}\n`
          : `${JSON.stringify(o)}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

async function* fileRecords(file: string): AsyncGenerator<unknown> {
  if (FORMAT === 'csv') {
    yield* createReadStream(file).pipe(
      parse({ columns: true, bom: true, skip_empty_lines: true, trim: true }),
    );
    return;
  }
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity }))
    if (line.trim()) yield JSON.parse(line);
}

/** The plain script, timed: one process, one transaction, typed temp table, one upsert. */
async function plainEndToEnd(pool: Pool, file: string, rows: number) {
  const columns = 'order_id, customer_id, status, amount, ordered_at, amount_cents';
  await pool.query(`DROP TABLE IF EXISTS ${PLAIN_TARGET};
    CREATE TABLE ${PLAIN_TARGET} (order_id bigint PRIMARY KEY, customer_id text NOT NULL, status text NOT NULL,
      amount numeric NOT NULL, ordered_at timestamptz NOT NULL, amount_cents bigint NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now())`);
  let rejected = 0;
  async function* copyChunks(): AsyncGenerator<string> {
    let chunk = '';
    let inChunk = 0;
    for await (const record of fileRecords(file)) {
      const parsed = plainOrderSchema.safeParse(record);
      if (!parsed.success) {
        rejected += 1;
        continue;
      }
      chunk += orderLine(parsed.data, [amountCents(parsed.data.amount)]);
      if ((inChunk += 1) === PLAIN_CHUNK_ROWS) {
        yield chunk;
        chunk = '';
        inChunk = 0;
      }
    }
    if (chunk) yield chunk;
  }
  const started = performance.now();
  const client = await pool.connect();
  let copiedAt: number;
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE tmp_orders (order_id bigint, customer_id text, status text,
      amount numeric, ordered_at timestamptz, amount_cents bigint) ON COMMIT DROP`);
    await pipeline(
      Readable.from(copyChunks()),
      client.query(copyFrom(`COPY tmp_orders (${columns}) FROM STDIN`)),
    );
    copiedAt = performance.now();
    await client.query(`INSERT INTO ${PLAIN_TARGET} AS t (${columns}) SELECT ${columns} FROM tmp_orders
      ON CONFLICT (order_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, status = EXCLUDED.status,
        amount = EXCLUDED.amount, ordered_at = EXCLUDED.ordered_at, amount_cents = EXCLUDED.amount_cents,
        loaded_at = now()`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  const ms = performance.now() - started;
  if (rejected > 0) throw new Error(`the plain script rejected ${rejected} rows`);
  await assertLoaded(pool, PLAIN_TARGET, rows);
  return { ms, copyMs: copiedAt - started, mergeMs: ms - (copiedAt - started) };
}

/** Throws unless `table` holds orders 1..rows with the amount_cents the generator implies. */
async function assertLoaded(pool: Pool, table: string, rows: number): Promise<void> {
  const { rows: found } = await pool.query<{ n: string; cents: string; ids: string }>(
    `SELECT count(*) AS n, sum(amount_cents) AS cents, sum(order_id) AS ids FROM ${table}`,
  );
  let cents = 0;
  for (let n = 1; n <= rows; n += 1) cents += amountCents(order(n).amount);
  const expected = { n: String(rows), cents: String(cents), ids: String((rows * (rows + 1)) / 2) };
  if (JSON.stringify(found[0]) !== JSON.stringify(expected))
    throw new Error(`${table} holds ${JSON.stringify(found[0])}, expected ${JSON.stringify(expected)}`);
}

/** One pipeline run on a fresh worker process into a fresh target. */
async function sluiceEndToEnd(bench: BenchStack, file: string, rows: number, cpuProfile = false) {
  await bench.pool.query(`DROP TABLE IF EXISTS ${ORDERS_TARGET}`);
  const worker = await startBenchWorker(
    bench,
    { BENCH_ORDERS_FILE: file, BENCH_FORMAT: FORMAT },
    { cpuProfile },
  );
  try {
    const run = await timedRun(bench, worker.taskQueue, ORDERS_END_TO_END);
    const { peakMb } = memoryOf(worker.handle.pid);
    await assertLoaded(bench.pool, ORDERS_TARGET, rows);
    return { ...run, idleRssMb: worker.idleRssMb, peakRssMb: peakMb, profile: await worker.stop() };
  } catch (err) {
    await worker.stop();
    throw err;
  }
}

async function main(): Promise<void> {
  say(
    `orders end to end: ${thousands(ROWS)} rows from a ${FORMAT} file, fetch → validate → transform → merge load`,
  );
  say('as one pipeline run on the dev stack vs a plain single-process script');
  say('starting the dev stack...');
  const bench = await startBenchStack();
  try {
    const file = path.join(bench.home, `orders.${FORMAT}`);
    await writeOrdersFile(file, ROWS);
    const plain = await plainEndToEnd(bench.pool, file, ROWS);
    say(
      `\nplain script: ${seconds(plain.ms).toFixed(1)} s, ${thousands(ROWS / seconds(plain.ms))} rows/s ` +
        `(parse + zod + transform + COPY ${seconds(plain.copyMs).toFixed(1)} s, upsert ${seconds(plain.mergeMs).toFixed(1)} s)`,
    );
    const sluice = await sluiceEndToEnd(bench, file, ROWS);
    say(
      `sluice run:   ${seconds(sluice.ms).toFixed(1)} s, ${thousands(ROWS / seconds(sluice.ms))} rows/s; ` +
        `worker RSS ${sluice.idleRssMb.toFixed(0)} MB idle, ${sluice.peakRssMb.toFixed(0)} MB peak`,
    );
    for (const line of stepLines(sluice.summary.steps)) say(line);
    const ratio = plain.ms / sluice.ms;
    say(
      `\nrows/s: sluice ${thousands(ROWS / seconds(sluice.ms))}, plain ${thousands(ROWS / seconds(plain.ms))}; ` +
        `ratio sluice/plain ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'})`,
    );
    if (PROFILE === '1' || (PROFILE === 'auto' && ratio < TARGET_RATIO)) {
      say(`\nwhere the worker's time goes: one more run of ${thousands(PROFILE_ROWS)} rows under --cpu-prof`);
      const profileFile = path.join(bench.home, `orders-profile.${FORMAT}`);
      await writeOrdersFile(profileFile, PROFILE_ROWS);
      const profiled = await sluiceEndToEnd(bench, profileFile, PROFILE_ROWS, true);
      for (const line of stepLines(profiled.summary.steps)) say(line);
      for (const line of profiled.profile ?? []) say(`  ${line}`);
    }
  } finally {
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
