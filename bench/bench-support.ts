// What the throughput benches share: the dev stack, child processes (worker, API server), RSS, timed runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Pool } from 'pg';
import { migrate } from '../activities/db/migrate';
import { openPool } from '../runtime/open-pool';
import { startRun } from '../client/start-run';
import type { StepState } from '../core/run/run-state';
import { startDevStack, type DevStack } from '../devstack/dev-stack';
import { freePort } from '../devstack/port-check';
import { createLogger } from '../runtime/logger';
import { installRuntime } from '../workers/runtime';
import { WORKFLOWS_PATH } from '../workers/worker';
import type { RunSummary } from '../workflows/run-pipeline';
import { WORKER_READY } from './bench-pipelines';
import { REPO_ROOT } from './bench-paths';
import { summarizeCpuProfile } from './cpu-profile';

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}=${raw}: expected a positive integer`);
  return value;
}

/** 1234567 → "1,234,567". */
export const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export const seconds = (ms: number) => ms / 1000;

/** Every line a bench prints goes through here, so the output reads as one report. */
export const say = (line = '') => process.stdout.write(`${line}\n`);

export interface BenchStack {
  stack: DevStack;
  pool: Pool;
  /** The bench's private temp directory (PostgreSQL data, data files, profiles); removed by stop(). */
  home: string;
  /** The workflow bundle, built once here so no worker runs webpack (which would count in its RSS). */
  bundlePath: string;
  stop(): Promise<void>;
}

/** The embedded dev stack (persistent=false) in a fresh temp home, the schema migrated, the bundle built. */
export async function startBenchStack(): Promise<BenchStack> {
  installRuntime(createLogger('warn'));
  const home = await mkdtemp(path.join(os.tmpdir(), 'sluice-bench-'));
  const temporalPort = await freePort();
  const stack = await startDevStack({
    home,
    temporalPort,
    pgPort: await freePort([temporalPort]),
    persistent: false,
    namespace: 'default',
    progress: (m) => say(`  ${m}`),
  });
  const pool = await openPool(stack.databaseUrl, 4);
  await migrate(pool);
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silentLogger });
  const bundlePath = path.join(home, 'workflow-bundle.js');
  await writeFile(bundlePath, bundle.code);
  return {
    stack,
    pool,
    home,
    bundlePath,
    stop: async () => {
      await pool.end();
      await stack.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export const silentLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A child `node --import tsx <script>` in the project root, its stderr passed through with a prefix. */
export interface ChildHandle {
  child: ChildProcess;
  pid: number;
  /** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function startChild(
  script: string,
  env: NodeJS.ProcessEnv,
  options: { nodeArgs?: string[]; label: string },
): ChildHandle {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line) process.stderr.write(`[${options.label}] ${line}\n`);
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  return {
    child,
    pid: child.pid as number,
    waitFor: async (pattern, timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = stdout.match(pattern);
        if (match) return match;
        if (exitCode !== undefined)
          throw new Error(`${options.label} exited (${exitCode}) before ${pattern}`);
        if (Date.now() > deadline) throw new Error(`${options.label} did not print ${pattern} in time`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async (graceMs = 30_000) => {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** The bench's orders API in its own process; resolves with its base URL. */
export async function startOrdersServer(maxRows: number, pageSize: number) {
  const server = startChild(
    'bench/orders-http-server.ts',
    { BENCH_SERVER_ROWS: String(maxRows), BENCH_PAGE_SIZE: String(pageSize) },
    { label: 'orders api' },
  );
  const [, port] = await server.waitFor(/listening (\d+)/, 300_000);
  return { server, url: `http://127.0.0.1:${port}` };
}

/** Resident set size now and at its peak (VmHWM), in MiB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export interface BenchWorker {
  handle: ChildHandle;
  taskQueue: string;
  /** RSS once the worker was ready, before any run. */
  idleRssMb: number;
  /** Stops the worker; with a CPU profile, summarizes it. */
  stop(): Promise<string[] | undefined>;
}

/** A fresh Sluice worker process on its own task queue (fresh, so its VmHWM belongs to the runs it serves). */
export async function startBenchWorker(
  bench: BenchStack,
  env: NodeJS.ProcessEnv,
  options: { cpuProfile?: boolean } = {},
): Promise<BenchWorker> {
  const taskQueue = `bench-${randomUUID()}`;
  // BENCH_PROFILE_DIR keeps the profiles (to open in Chrome DevTools); by default they go with the temp home.
  const profileDir = path.join(
    path.resolve(process.env.BENCH_PROFILE_DIR ?? bench.home),
    `cpu-profile-${taskQueue}`,
  );
  if (options.cpuProfile) await mkdir(profileDir, { recursive: true });
  const handle = startChild(
    'bench/bench-worker.ts',
    {
      ...env,
      DATABASE_URL: bench.stack.databaseUrl,
      TEMPORAL_ADDRESS: bench.stack.temporalAddress,
      BENCH_TASK_QUEUE: taskQueue,
      BENCH_WORKFLOW_BUNDLE: bench.bundlePath,
    },
    {
      label: 'worker',
      nodeArgs: [
        ...(options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        // Diagnostics, e.g. BENCH_WORKER_NODE_ARGS=--expose-gc with BENCH_MEMORY_TRACE=1.
        ...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ],
    },
  );
  await handle.waitFor(new RegExp(WORKER_READY));
  const idleRssMb = memoryOf(handle.pid).rssMb;
  return {
    handle,
    taskQueue,
    idleRssMb,
    stop: async () => {
      const code = await handle.stop();
      if (!options.cpuProfile) return undefined;
      // Each thread writes its own profile; the main thread (tid 0) runs the activities.
      const main = readdirSync(profileDir).find((f) => f.includes(`.${handle.pid}.0.`));
      if (!main) return [`no CPU profile was written (the worker exited with ${code})`];
      return summarizeCpuProfile(JSON.parse(readFileSync(path.join(profileDir, main), 'utf8')), REPO_ROOT);
    },
  };
}

export interface TimedRun {
  ms: number;
  summary: RunSummary;
}

/** Starts a run as the CLI does and waits for it; throws unless every step succeeded on its first attempt. */
export async function timedRun(
  bench: BenchStack,
  taskQueue: string,
  pipeline: string,
  params: Record<string, string> = {},
): Promise<TimedRun> {
  const started = performance.now();
  const handle = await startRun(bench.stack.temporal.client, {
    taskQueue,
    pipeline,
    params,
    trigger: 'manual',
  });
  const summary = await handle.result();
  const ms = performance.now() - started;
  const bad = summary.steps.filter((s) => s.status !== 'succeeded' || s.attempts !== 1);
  if (bad.length > 0) throw new Error(`run ${summary.workflowId}: ${JSON.stringify(bad)}`);
  return { ms, summary };
}

/** One line per step: wall time and rows out per second. */
export function stepLines(steps: readonly StepState[]): string[] {
  return steps.map((s) => {
    const ms = Date.parse(s.endedAt ?? '') - Date.parse(s.startedAt ?? '');
    const rows = s.rowsOut ?? 0;
    return `    ${s.id.padEnd(24)} ${(ms / 1000).toFixed(1).padStart(6)} s  ${thousands(rows).padStart(10)} rows  ${thousands(rows / seconds(ms)).padStart(9)} rows/s`;
  });
}
