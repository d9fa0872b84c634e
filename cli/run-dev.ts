// The dev stack, a worker, one run of the example pipeline, then serve until Ctrl-C (`npm start`, `sluice dev`).
import path from 'node:path';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { migrate } from '../activities/db/migrate';
import { openPool } from '../runtime/open-pool';
import { startRun } from '../client/start-run';
import { syncSchedules } from '../client/sync-schedules';
import { DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE } from '../core/pipeline/defaults';
import { catalog } from '../pipelines';
import { parseEnv } from '../runtime/parse-env';
import { createLogger } from '../runtime/logger';
import { PROJECT_ROOT } from '../workers/project-root';
import { installRuntime } from '../workers/runtime';
import { createSluiceWorker } from '../workers/worker';
import { devConfigSchema } from '../devstack/dev-config';
import { startDevStack } from '../devstack/dev-stack';
import { onExit } from '../devstack/on-exit';

const EXAMPLE_PIPELINE = 'orders_csv';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Runs the dev stack, a worker and the example once; with `once` returns its exit code, else serves until stopped. */
export async function runDev(options: { once: boolean }): Promise<number> {
  const config = parseEnv(devConfigSchema, process.env);
  const logFile = path.resolve(config.SLUICE_HOME, 'sluice.log');
  installRuntime(
    createLogger(config.LOG_LEVEL, pino.destination({ dest: logFile, mkdir: true, sync: false })),
  );

  say('Starting the Sluice dev stack (Temporal dev server + PostgreSQL)...');
  const stack = await startDevStack({
    home: config.SLUICE_HOME,
    temporalPort: config.SLUICE_TEMPORAL_PORT,
    uiPort: config.SLUICE_UI_PORT,
    pgPort: config.SLUICE_PG_PORT,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    persistent: true,
    namespace: DEFAULT_NAMESPACE,
    ...(config.SLUICE_ENCRYPTION_KEYS
      ? { keyRing: config.SLUICE_ENCRYPTION_KEYS, codecPort: config.SLUICE_CODEC_PORT }
      : {}),
    progress: say,
  });
  say(`Logs: ${logFile}`);
  if (config.SLUICE_ENCRYPTION_KEYS)
    say(
      `Payloads encrypted with key "${config.SLUICE_ENCRYPTION_KEYS.encryptingId}"; the Web UI decodes them through ${stack.codecUrl}`,
    );
  let stopping: Promise<void> | undefined;
  let stopWorker = async () => undefined as void;
  const stopAll = () => (stopping ??= stopWorker().finally(() => stack.stop()));
  onExit(stopAll);
  try {
    const pool = await openPool(stack.databaseUrl);
    await migrate(pool);
    const worker = await createSluiceWorker({
      connection: stack.temporal.nativeConnection,
      namespace: DEFAULT_NAMESPACE,
      taskQueue: DEFAULT_TASK_QUEUE,
      pool,
      catalog,
      baseDir: PROJECT_ROOT,
      ...(config.SLUICE_ENCRYPTION_KEYS ? { keyRing: config.SLUICE_ENCRYPTION_KEYS } : {}),
    });
    const running = worker.run().finally(() => pool.end());
    stopWorker = async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
    };
    const schedules = await syncSchedules(stack.temporal.client, catalog, { taskQueue: DEFAULT_TASK_QUEUE });
    for (const change of [...schedules.created, ...schedules.updated])
      say(`Schedule ${change.scheduleId}: ${change.reasons.join('; ')}`);
    const exitCode = await runExample(stack.temporal.client, stack.uiUrl);
    if (options.once) return exitCode;
    say(`Worker serving task queue "${DEFAULT_TASK_QUEUE}"; Web UI at ${stack.uiUrl}. Press Ctrl-C to stop.`);
    await running;
    return exitCode;
  } finally {
    await stopAll();
  }
}

/** Runs the example pipeline once, printing its id, UI link and per-step rows; 0 when it succeeded. */
async function runExample(client: Client, uiUrl: string | undefined): Promise<number> {
  const handle = await startRun(client, {
    pipeline: EXAMPLE_PIPELINE,
    trigger: 'manual',
    taskQueue: DEFAULT_TASK_QUEUE,
  });
  say(`Started ${handle.workflowId}`);
  say(
    `Watch it in the Temporal Web UI: ${uiUrl}/namespaces/${DEFAULT_NAMESPACE}/workflows/${encodeURIComponent(handle.workflowId)}`,
  );
  try {
    const summary = await handle.result();
    for (const step of summary.steps) {
      say(
        `  ${step.id.padEnd(24)} in ${step.rowsIn ?? 0}  out ${step.rowsOut ?? 0}  rejected ${step.rowsRejected ?? 0}`,
      );
    }
    say(`Run ${handle.workflowId} succeeded.`);
    return 0;
  } catch (err) {
    const cause = (err as Error).cause;
    say(
      `Run ${handle.workflowId} failed: ${cause instanceof Error ? cause.message : (err as Error).message}`,
    );
    return 1;
  }
}
