// startSluiceTest: the embedded stack and a worker on a catalog, for tests that run pipelines to completion.
import path from 'node:path';
import type { Pool, QueryResultRow } from 'pg';
import { catalogContractProblems } from '../activities/validate/catalog-contracts';
import { RunFailedError } from '../client/run-errors';
import { SluiceClient } from '../client/sluice-client';
import type { Catalog } from '../core/pipeline/catalog';
import { findProjectDir } from '../project/find-project';
import { loadProject } from '../project/load-project';
import { ProjectLoadError } from '../project/project-load-error';
import { projectEnv } from '../project/project-env';
import { parseEnv } from '../runtime/parse-env';
import type { RunSummary } from '../workflows/run-pipeline';
import { asRunState, runFailureReport } from './run-failure-report';
import { testConfigSchema } from './test-config';
import { connectionConfigSchema } from '../runtime/connection-config';
import { startTestStack } from './test-stack';
import { createTestWorker } from './test-worker';

export interface SluiceTestOptions {
  /**
   * The project folder (holding sluice.config.ts) whose pipelines the worker runs; by default the project
   * found from the working directory upward, or SLUICE_PROJECT.
   */
  project?: string;
  /** Pipelines to run instead of a project's, by name (defined in the test itself, say). */
  catalog?: Catalog;
  /**
   * Where relative paths in `catalog`'s definitions (files, contracts) resolve; the working directory by
   * default. A project's resolve from its folder.
   */
  baseDir?: string;
  /**
   * Read for servers to reuse instead of starting embedded ones — DATABASE_URL, TEMPORAL_ADDRESS (with
   * TEMPORAL_NAMESPACE and the TLS / API key variables) — and SLUICE_PROJECT, SLUICE_ENCRYPTION_KEYS,
   * LOG_LEVEL. `process.env` by default.
   */
  env?: NodeJS.ProcessEnv;
}

export interface RunOptions {
  partition?: string;
  params?: Record<string, string>;
}

export interface SluiceTest {
  /**
   * Runs `pipeline` (one partition of it, with `partition`) to its end and returns its summary: every step's
   * status and row counts. A failed run rejects with a RunFailedError whose message lists the steps.
   */
  run(pipeline: string, options?: RunOptions): Promise<RunSummary>;
  /** Rows of a query on the warehouse database, for assertions on the loaded tables. */
  query<R extends QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A pool on the warehouse database (closed by stop()). */
  db: Pool;
  /** The client the runs start from, for what `run` does not cover (status, pause, approve, ...). */
  client: SluiceClient;
  databaseUrl: string;
  temporalAddress: string;
  /** The worker's private task queue. */
  taskQueue: string;
  /** Stops the worker, then what the stack started (reused servers keep running). */
  stop(): Promise<void>;
}

/**
 * Starts Temporal and PostgreSQL (or reuses DATABASE_URL / TEMPORAL_ADDRESS) and a worker on the project's
 * pipelines (or `catalog`). Call it once per test file, in the framework's before-all hook, and `stop()` in
 * its after-all hook.
 *
 * @example
 * const sluice = await startSluiceTest();
 * await sluice.run('orders_csv');
 * const [{ n }] = await sluice.query('SELECT count(*)::int AS n FROM fct_orders');
 * await sluice.stop();
 */
export async function startSluiceTest(options: SluiceTestOptions = {}): Promise<SluiceTest> {
  const { catalog, baseDir, env } = await pipelinesUnderTest(options);
  const config = parseEnv(testConfigSchema, env);
  const stack = await startTestStack({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    ...(config.TEMPORAL_ADDRESS ? { temporal: parseEnv(connectionConfigSchema, env) } : {}),
    ...(config.SLUICE_ENCRYPTION_KEYS ? { keyRing: config.SLUICE_ENCRYPTION_KEYS } : {}),
    logLevel: config.LOG_LEVEL,
  });
  let worker: Awaited<ReturnType<typeof createTestWorker>>;
  try {
    worker = await createTestWorker(stack, {
      catalog,
      baseDir,
      name: 'sluice',
    });
  } catch (err) {
    await stack.stopAll();
    throw err;
  }
  const running = worker.worker.run();
  // A worker that stops on its own fails every run waiting on it, instead of leaving them to time out.
  const workerStopped = running.then(
    () => Promise.reject(new Error('the test worker stopped while a run was waiting on it')),
    (err: unknown) => Promise.reject(err instanceof Error ? err : new Error(String(err))),
  );
  workerStopped.catch(() => undefined);
  const client = new SluiceClient(stack.temporal.client, { taskQueue: worker.taskQueue });
  let stopping: Promise<void> | undefined;

  const run = async (pipeline: string, runOptions: RunOptions = {}): Promise<RunSummary> => {
    if (!catalog.has(pipeline))
      throw new Error(
        `no pipeline "${pipeline}" in the catalog; it has ${[...catalog.keys()].join(', ') || 'none'}`,
      );
    const { workflowId } = await client.runs.start({ pipeline, ...runOptions });
    try {
      return await Promise.race([client.runs.result(workflowId), workerStopped]);
    } catch (err) {
      if (!(err instanceof RunFailedError)) throw err;
      throw new RunFailedError(runFailureReport(workflowId, err.message, asRunState(err.state)), err.state);
    }
  };

  return {
    run,
    query: async <R extends QueryResultRow>(sql: string, params?: unknown[]) =>
      (await stack.pool.query<R>(sql, params)).rows,
    db: stack.pool,
    client,
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    taskQueue: worker.taskQueue,
    stop: () =>
      (stopping ??= (async () => {
        if (worker.worker.getState() === 'RUNNING') worker.worker.shutdown();
        await running.catch(() => undefined);
        await stack.stopAll();
      })()),
  };
}

/**
 * The catalog the worker runs, where its paths resolve, and the environment to read: `catalog` as given, or
 * the project's (whose namespace is the default under TEMPORAL_NAMESPACE). As for `sluice dev`, a project
 * that cannot be found or loaded, or a contract file that is missing or invalid, throws before anything
 * starts, listing every problem.
 */
async function pipelinesUnderTest(
  options: SluiceTestOptions,
): Promise<{ catalog: Catalog; baseDir: string; env: NodeJS.ProcessEnv }> {
  const env = options.env ?? process.env;
  const found = options.catalog
    ? { catalog: options.catalog, baseDir: path.resolve(options.baseDir ?? '.'), env }
    : await projectUnderTest(options.project, env);
  const problems = await catalogContractProblems(found.catalog, found.baseDir);
  if (problems.length > 0) throw new ProjectLoadError(found.baseDir, problems);
  return found;
}

async function projectUnderTest(project: string | undefined, env: NodeJS.ProcessEnv) {
  const dir = findProjectDir({ cwd: process.cwd(), ...(project ? { project } : {}), env });
  const loaded = await loadProject(dir);
  for (const warning of loaded.warnings) process.stderr.write(`sluice/testing: warning: ${warning}\n`);
  return { catalog: loaded.catalog, baseDir: loaded.dir, env: projectEnv(env, loaded.config) };
}
