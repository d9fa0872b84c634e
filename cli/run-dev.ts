// The dev stack, a worker for the project, one run of its dev.run pipelines, then serve until Ctrl-C (`sluice dev`).
import path from 'node:path';
import pino from 'pino';
import { migrate } from '../activities/db/migrate';
import { openPool } from '../runtime/open-pool';
import { RunFailedError } from '../client/run-errors';
import { SluiceClient } from '../client/sluice-client';
import type { LoadedProject } from '../project/load-project';
import { projectEnv } from '../project/project-env';
import { parseEnv } from '../runtime/parse-env';
import { createLogger } from '../runtime/logger';
import { installRuntime } from '../workers/runtime';
import { createSluiceWorker } from '../workers/worker';
import { devConfigSchema } from '../devstack/dev-config';
import { startDevStack } from '../devstack/dev-stack';
import { onExit } from '../devstack/on-exit';
import { catalogPipeline, checkPartition } from './catalog-pipeline';
import { terminalText } from './terminal-text';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Runs the dev stack, a worker on the project's catalog and each of its `dev.run` pipelines once; with `once`
 * returns 0 when they all succeeded (1 otherwise), else serves until stopped.
 */
export async function runDev(options: { once: boolean; project: LoadedProject }): Promise<number> {
  const { project } = options;
  const config = parseEnv(devConfigSchema, projectEnv(process.env, project.config));
  for (const name of project.config.dev.run)
    checkPartition(catalogPipeline(project.catalog, name), undefined);
  const namespace = config.TEMPORAL_NAMESPACE;
  const taskQueue = config.SLUICE_TASK_QUEUE;
  const home = path.resolve(project.dir, config.SLUICE_HOME);
  const logFile = path.join(home, 'sluice.log');
  installRuntime(
    createLogger(config.LOG_LEVEL, pino.destination({ dest: logFile, mkdir: true, sync: false })),
  );

  say(`Starting the Sluice dev stack (Temporal dev server + PostgreSQL) for ${project.dir}...`);
  const stack = await startDevStack({
    home,
    temporalPort: config.SLUICE_TEMPORAL_PORT,
    uiPort: config.SLUICE_UI_PORT,
    pgPort: config.SLUICE_PG_PORT,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    persistent: true,
    namespace,
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
      namespace,
      taskQueue,
      pool,
      catalog: project.catalog,
      baseDir: project.dir,
      ...(config.SLUICE_ENCRYPTION_KEYS ? { keyRing: config.SLUICE_ENCRYPTION_KEYS } : {}),
    });
    const running = worker.run().finally(() => pool.end());
    stopWorker = async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
    };
    say(`Worker polling task queue "${taskQueue}" in namespace "${namespace}"`);
    // The stack owns the connection: this client is never closed on its own.
    const sluice = new SluiceClient(stack.temporal.client, { taskQueue });
    const schedules = await sluice.schedules.sync(project.catalog);
    for (const change of [...schedules.created, ...schedules.updated])
      say(`Schedule ${change.scheduleId}: ${change.reasons.join('; ')}`);
    let exitCode = 0;
    for (const pipeline of project.config.dev.run) {
      const runCode = await runOnce(sluice, { pipeline, namespace, uiUrl: stack.uiUrl });
      exitCode = Math.max(exitCode, runCode);
    }
    if (options.once) return exitCode;
    say(`Worker serving task queue "${taskQueue}"; Web UI at ${stack.uiUrl}. Press Ctrl-C to stop.`);
    await running;
    return exitCode;
  } finally {
    await stopAll();
  }
}

/** Runs one pipeline, printing its id, UI link and per-step rows; 0 when it succeeded. */
async function runOnce(
  sluice: SluiceClient,
  run: { pipeline: string; namespace: string; uiUrl: string | undefined },
): Promise<number> {
  const { workflowId } = await sluice.runs.start({ pipeline: run.pipeline });
  say(`Started ${workflowId}`);
  say(
    `Watch it in the Temporal Web UI: ${run.uiUrl}/namespaces/${run.namespace}/workflows/${encodeURIComponent(workflowId)}`,
  );
  try {
    const summary = await sluice.runs.result(workflowId);
    for (const step of summary.steps) {
      say(
        `  ${step.id.padEnd(24)} in ${step.rowsIn ?? 0}  out ${step.rowsOut ?? 0}  rejected ${step.rowsRejected ?? 0}`,
      );
    }
    say(`Run ${workflowId} succeeded.`);
    return 0;
  } catch (err) {
    if (!(err instanceof RunFailedError)) throw err;
    say(`Run ${workflowId} failed: ${terminalText(err.message, { keepNewlines: true })}`);
    return 1;
  }
}
