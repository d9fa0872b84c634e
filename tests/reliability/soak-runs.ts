// `npm run soak`'s own part: runs back to back over every pipeline variant, the worker SIGKILLed every few minutes;
// each run exact, worker RSS flat within each of its lives, and no staging table, connection or process left over.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { STAGING_SCHEMA } from '../../activities/staging/staging-name';
import { openPool } from '../../runtime/open-pool';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { processesMentioning, type RunningProcess } from '../support/run-process';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';
import { assertRunExact, startFreshRun, startWorkerProcess } from './support/fault-run';
import { ALL_VARIANTS, writeAllVariants, type OrdersProject } from './support/orders-project';

const RUNS = Number(process.env.SLUICE_SOAK_RUNS ?? 200);
const ROWS = Number(process.env.SLUICE_SOAK_ROWS ?? 5_000);
const KILL_EVERY_MS = Number(process.env.SLUICE_SOAK_KILL_SECONDS ?? 30) * 1000;
/** The heap cap the README's worker command sets, as workers are deployed. */
const WORKER_ENV = { NODE_OPTIONS: '--max-old-space-size=160' };
/** Runs a worker life must have before its RSS counts: the first ones load code and fill caches. */
const WARM_UP_RUNS = 10;
/** The most a life's last RSS sample may exceed its sample after warm-up. */
const RSS_GROWTH_LIMIT = 1.25;

let stack: TestStack;
let db: TestDatabase;
let project: OrdersProject;
let worker: RunningProcess | undefined;
const taskQueue = uniqueTaskQueue('soak');

before(async () => {
  stack = await startTestStack();
  db = await startTestDatabase();
  project = await writeAllVariants(ROWS, db.url);
});

after(async () => {
  worker?.child.kill('SIGKILL');
  await worker?.done;
  await db?.stop();
  if (project) await rm(project.dir, { recursive: true, force: true });
  await stack?.stopAll();
});

/** The process's resident set now, in MiB (VmRSS from /proc). */
function rssMiB(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) / 1024;
}

/** Backends connected to the test database other than the one asking. */
async function otherConnections(): Promise<number> {
  const pool = await openPool(db.url, 1);
  try {
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return Number(rows[0]?.n);
  } finally {
    await pool.end();
  }
}

test(`${RUNS} runs back to back, the worker killed every ${KILL_EVERY_MS / 1000} s: all exact, RSS flat, nothing left`, async () => {
  const lives: number[][] = [];
  let kills = 0;
  const startLife = async () => {
    worker = await startWorkerProcess(stack, project, db.url, taskQueue, WORKER_ENV);
    lives.push([]);
  };
  await startLife();
  let killAt = Date.now() + KILL_EVERY_MS;
  for (let run = 0; run < RUNS; run += 1) {
    const variant = ALL_VARIANTS[run % ALL_VARIANTS.length] ?? ALL_VARIANTS[0];
    const handle = await startFreshRun(stack, db.url, taskQueue, variant);
    if (Date.now() >= killAt) {
      // The kill lands while this run starts or works; the next worker finishes it.
      worker?.child.kill('SIGKILL');
      await worker?.done;
      kills += 1;
      await startLife();
      killAt = Date.now() + KILL_EVERY_MS;
    }
    if (!worker) throw new Error('no worker');
    await assertRunExact(handle, worker, project, db.url, variant);
    lives.at(-1)?.push(rssMiB(worker.child.pid ?? 0));
    assert.ok((await otherConnections()) <= 11, 'the worker holds at most its pool (10) and one more');
  }
  for (const [i, samples] of lives.entries()) {
    const base = samples[WARM_UP_RUNS - 1];
    const last = samples.at(-1);
    if (base === undefined || last === undefined) continue; // a life too short to judge
    assert.ok(
      last <= base * RSS_GROWTH_LIMIT,
      `worker life ${i + 1}: RSS grew from ${base.toFixed(0)} MiB after ${WARM_UP_RUNS} runs to ${last.toFixed(0)} MiB after ${samples.length}`,
    );
  }
  const staging = await openPool(db.url, 1);
  try {
    const { rows } = await staging.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_tables WHERE schemaname = $1`,
      [STAGING_SCHEMA],
    );
    assert.equal(Number(rows[0]?.n), 0, 'no staging table left behind');
  } finally {
    await staging.end();
  }
  worker?.child.kill('SIGTERM');
  await worker?.done;
  worker = undefined;
  // A backend leaves pg_stat_activity a moment after its client went away.
  for (let waited = 0; waited < 5_000 && (await otherConnections()) > 0; waited += 100) await sleep(100);
  assert.equal(await otherConnections(), 0, 'no connection left once the worker stopped');
  assert.deepEqual(processesMentioning(project.dir), [], 'no process left');
  const peaks = lives.map((s) => Math.max(...s).toFixed(0)).join(', ');
  process.stdout.write(`soak: ${RUNS} runs, ${kills} worker kills, RSS peak per life (MiB): ${peaks}\n`);
});
