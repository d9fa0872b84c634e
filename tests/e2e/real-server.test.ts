// The production topology without Docker: the Temporal server built from source on PostgreSQL and set up by deploy/'s
// scripts, two `sluice worker` processes, a backfill of 24 daily partitions over both, one SIGKILLed mid-way.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import type { Pool } from 'pg';
import { migrate } from '../../activities/db/migrate';
import { DEFAULT_NAMESPACE } from '../../core/pipeline/defaults';
import type { BackfillResult } from '../../core/backfill/backfill-types';
import { startPostgres, type PostgresHandle } from '../../devstack/embedded-postgres';
import { goInstallTemporal } from '../../devstack/go-install';
import { isExecutable } from '../../devstack/is-executable';
import { freePort } from '../../devstack/port-check';
import { startRealTemporalServer, type RealTemporal } from '../../devstack/real-temporal-server';
import { resolveTemporal } from '../../devstack/temporal-binary';
import { ensureTemporalLogin } from '../../devstack/temporal-login';
import { ensureTemporalServer } from '../../devstack/temporal-server-install';
import { openPool } from '../../runtime/open-pool';
import { spawnWorkerProcess } from '../reliability/support/fault-run';
import {
  DAILY_PARTITIONS,
  DAYS,
  dayOf,
  digestOf,
  ordersUpTo,
  writeOrdersProject,
  type OrdersProject,
} from '../reliability/support/orders-project';
import { ROOT, startProcess, type RunningProcess } from '../support/run-process';
import { uniqueTaskQueue } from '../support/test-stack';

/** 1,000 orders a day, every one of them read by each day's run. */
const ROWS = DAYS * 1000;
const DAY_KEYS = Array.from({ length: DAYS }, (_, i) => dayOf(i));
/** The first build compiles the server from source: minutes, more on a busy machine. */
const SETUP_TIMEOUT_MS = 60 * 60_000;

const progress = (message: string) => process.stderr.write(`${message}\n`);
let home = '';
let postgres: PostgresHandle | undefined;
let pool: Pool | undefined;
let temporal: RealTemporal | undefined;
let project: OrdersProject;
const serverLog: string[] = [];
/** The workers and the CLI, stopped even when an assertion fails first. */
const processes: RunningProcess[] = [];

before(
  async () => {
    const install = await ensureTemporalServer(process.env, progress);
    const cli = await resolveTemporal({
      env: process.env,
      isExecutable,
      goInstall: (gobin) => goInstallTemporal(gobin, progress),
      progress,
    });
    assert.equal(cli.executable.type, 'existing-path', 'deploy/temporal/setup-namespace.sh runs the CLI');
    home = await mkdtemp(path.join(os.tmpdir(), 'sluice-real-server-'));
    postgres = await startPostgres({
      dataDir: path.join(home, 'postgres'),
      port: await freePort(),
      log: () => undefined,
    });
    pool = await openPool(postgres.url);
    await migrate(pool);
    const login = { user: 'temporal', password: randomBytes(18).toString('base64url') };
    await ensureTemporalLogin(postgres.url, login, progress);
    temporal = await startRealTemporalServer({
      install,
      temporalCli: cli.executable.type === 'existing-path' ? cli.executable.path : '',
      postgres: { host: '127.0.0.1', port: Number(new URL(postgres.url).port), ...login },
      frontendPort: await freePort(),
      namespace: DEFAULT_NAMESPACE,
      log: (line) => serverLog.push(line),
    });
    project = await writeOrdersProject(ROWS, [DAILY_PARTITIONS]);
  },
  { timeout: SETUP_TIMEOUT_MS },
);

after(async () => {
  for (const { child } of processes) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(processes.map((running) => running.done));
  await temporal?.stop();
  await pool?.end();
  await postgres?.stop();
  if (home) await rm(home, { recursive: true, force: true });
  if (project) await rm(project.dir, { recursive: true, force: true });
});

/** The days a worker loaded, from its own log: each `loaded rows` line names the partition run it served. */
function daysLoadedBy(worker: RunningProcess): Set<string> {
  const days = worker
    .output()
    .split('\n')
    .filter((line) => line.includes('"loaded rows"'))
    .flatMap((line) => /2026-01-\d\d/.exec(line) ?? []);
  return new Set(days);
}

/** The identity of the worker that ran each load, by day, from the server's own history of each partition's run. */
async function loadIdentitiesByDay(
  address: string,
  workflowIds: readonly string[],
): Promise<Map<string, string>> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const byDay = new Map<string, string>();
    for (const workflowId of workflowIds) {
      const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
      const loads = new Set(
        events
          .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'load')
          .map((e) => String(e.eventId)),
      );
      const started = events.filter((e) =>
        loads.has(String(e.activityTaskStartedEventAttributes?.scheduledEventId)),
      );
      const identity = started.at(-1)?.activityTaskStartedEventAttributes?.identity;
      const day = /2026-01-\d\d/.exec(workflowId)?.[0];
      if (identity && day) byDay.set(day, identity);
    }
    return byDay;
  } finally {
    await connection.close();
  }
}

test('the setup script registered the namespace and every search attribute on the real server', () => {
  const listed = serverLog.filter((line) => line.startsWith('temporal/setup-namespace.sh:')).join('\n');
  for (const name of ['SluicePipeline', 'SluicePartition', 'SluiceTrigger', 'SluiceStatus'])
    assert.match(listed, new RegExp(`${name}\\s+Keyword`), `search attribute ${name}`);
});

test('a backfill of 24 daily partitions runs on both workers; one SIGKILLed mid-way; every partition exact', async () => {
  assert.ok(temporal && pool);
  const taskQueue = uniqueTaskQueue('real-server');
  const stack = { temporalAddress: temporal.address };
  const workers = [0, 1].map(() => spawnWorkerProcess(stack, project, postgres?.url ?? '', taskQueue));
  processes.push(...workers);
  const [survivor, victim] = workers as [RunningProcess, RunningProcess];
  await Promise.all(workers.map((worker) => worker.waitFor(/worker polling/, 120_000)));

  const started = Date.now();
  const backfill = startProcess(
    [
      `${ROOT}/bin/sluice.js`,
      '--project',
      project.dir,
      'backfill',
      DAILY_PARTITIONS.pipeline,
      ...['--from', DAY_KEYS[0] ?? '', '--to', DAY_KEYS[DAYS - 1] ?? ''],
      ...['--max-parallel', '4', '--wait', '--json'],
    ],
    { TEMPORAL_ADDRESS: temporal.address, SLUICE_TASK_QUEUE: taskQueue },
    { timeoutMs: 20 * 60_000 },
  );
  processes.push(backfill);

  // Both serve partitions before one dies, and most of the backfill is still to come.
  while (!(daysLoadedBy(survivor).size >= 1 && daysLoadedBy(victim).size >= 1)) {
    assert.equal(
      backfill.child.exitCode,
      null,
      `the backfill ended before both workers loaded:\n${backfill.output()}`,
    );
    await sleep(100);
  }
  const survivorAtKill = daysLoadedBy(survivor).size;
  const beforeKill = survivorAtKill + daysLoadedBy(victim).size;
  assert.ok(beforeKill < DAYS / 2, `killed mid-backfill: ${beforeKill} of ${DAYS} loaded`);
  victim.child.kill('SIGKILL');
  const killed = await victim.done;

  const end = await backfill.done;
  assert.equal(end.code, 0, `sluice backfill --wait: ${end.stderr}\n${end.stdout}`);
  const result = JSON.parse(end.stdout) as BackfillResult;
  progress(
    `backfill of ${DAYS} partitions on the real server: ${Math.round((Date.now() - started) / 1000)} s`,
  );
  assert.deepEqual(
    { total: result.total, done: result.done, failed: result.failed, skipped: result.skipped },
    { total: DAYS, done: DAYS, failed: 0, skipped: 0 },
  );
  assert.equal(killed.code, null, 'the victim died by the signal');
  // The victim's last lines may be lost with it (the logger buffers): the survivor's log and the history count.
  const survivorDays = daysLoadedBy(survivor);
  assert.ok(
    survivorDays.size > survivorAtKill,
    `the survivor went on loading after the kill: ${survivorAtKill} days before, ${survivorDays.size} in all`,
  );

  const good = ordersUpTo(ROWS).filter((order) => order.amount >= 0);
  const { rows: digests } = await pool.query<{ day: string; rows: number; checksum: string }>(
    `SELECT day, count(*)::int AS rows,
            md5(string_agg(order_id::text || ':' || amount_cents::text, ',' ORDER BY order_id)) AS checksum
       FROM ${DAILY_PARTITIONS.target} GROUP BY day ORDER BY day`,
  );
  assert.deepEqual(
    digests.map(({ day, rows, checksum }) => ({ day, rows, checksum })),
    DAY_KEYS.map((day) => ({ day, ...digestOf(good.filter((order) => dayOf(order.order_id) === day)) })),
    'each day holds exactly its good orders',
  );
  const { rows: ledger } = await pool.query<{ workflow_id: string }>(
    'SELECT workflow_id FROM sluice.loads WHERE pipeline = $1 ORDER BY workflow_id',
    [DAILY_PARTITIONS.pipeline],
  );
  assert.deepEqual(
    ledger.map((row) => /2026-01-\d\d/.exec(row.workflow_id)?.[0]),
    DAY_KEYS,
    `one ledger row per partition: ${ledger.map((row) => row.workflow_id).join(', ')}`,
  );

  // The server's side of the same story: its history names, by worker identity (pid@host), who loaded each day.
  const identities = await loadIdentitiesByDay(
    temporal.address,
    ledger.map((row) => row.workflow_id),
  );
  const identityOf = (worker: RunningProcess) => `${worker.child.pid}@${os.hostname()}`;
  assert.equal(identities.size, DAYS, 'every day has a load in its history');
  assert.deepEqual(
    new Set(identities.values()),
    new Set([identityOf(survivor), identityOf(victim)]),
    'the loads ran on both workers, as Temporal recorded them',
  );
  for (const day of survivorDays)
    assert.equal(identities.get(day), identityOf(survivor), `${day}: the survivor's log and history agree`);

  survivor.child.kill('SIGTERM');
  assert.equal((await survivor.done).code, 0, 'the survivor stops cleanly');
});
