// A real Sluice worker for the benches, as its own process (so its RSS and CPU profile are its own):
// the bench catalog, a workflow bundle the bench built, everything else as workers/run-worker.ts does it.
import { readFileSync } from 'node:fs';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { openPool } from '../runtime/open-pool';
import { createLogger } from '../runtime/logger';
import { installRuntime } from '../workers/runtime';
import { createSluiceWorker } from '../workers/worker';
import { benchCatalog, WORKER_READY } from './bench-pipelines';
import { EXAMPLE_DIR } from './bench-paths';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  installRuntime(createLogger(process.env.LOG_LEVEL ?? 'warn', pino.destination(2)));
  const maxConcurrent = 20;
  const pool = await openPool(required('DATABASE_URL'), maxConcurrent + 2);
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  try {
    const worker = await createSluiceWorker({
      connection,
      namespace: 'default',
      taskQueue: required('BENCH_TASK_QUEUE'),
      pool,
      catalog: benchCatalog(process.env),
      baseDir: EXAMPLE_DIR,
      workflowBundle: { code: readFileSync(required('BENCH_WORKFLOW_BUNDLE'), 'utf8') },
      maxConcurrentActivities: maxConcurrent,
      shutdownGraceSeconds: 5,
    });
    process.stdout.write(`${WORKER_READY}\n`);
    if (process.env.BENCH_MEMORY_TRACE === '1') traceMemory();
    await worker.run(); // until SIGTERM
  } finally {
    await connection.close();
    await pool.end();
  }
}

/** Diagnostics: the process's memory by kind on stderr every second (BENCH_MEMORY_TRACE=1). */
function traceMemory(): void {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)}MB`;
  const gc = (globalThis as { gc?: () => void }).gc; // with --expose-gc: what survives a full collection
  setInterval(() => {
    gc?.();
    const m = process.memoryUsage();
    process.stderr.write(
      `memory rss=${mb(m.rss)} heapTotal=${mb(m.heapTotal)} heapUsed=${mb(m.heapUsed)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}\n`,
    );
  }, 1000).unref();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench worker: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
