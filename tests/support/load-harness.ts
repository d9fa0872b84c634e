// Shared set-up for the load tests: a one-load pipeline per target, staging rows, running and failing loads.
import type { MockActivityEnvironment } from '@temporalio/testing';
import { createLoad } from '../../activities/load/load-activity';
import { stagingTableName } from '../../activities/staging/staging-name';
import { writeStaging } from '../../activities/staging/staging-writer';
import { definePipeline, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import type { LoadTarget } from '../../core/load/load-target';
import type { StepInput, StepResult } from '../../core/run/run-types';
import { runActivity } from './run-activity';
import type { TestDatabase } from './test-database';

export type Row = Record<string, unknown>;

/** A pipeline `name` whose step `load_rows` writes what `fetch_rows` produced into `target`. */
export function loadPipeline(name: string, target: LoadTarget): PipelineDefinition {
  return definePipeline({
    name,
    description: 'test',
    owner: 'tests',
    steps: [
      { kind: 'fetch', id: 'fetch_rows', source: { kind: 'file', path: 'unused.csv', format: 'csv' } },
      { kind: 'load', id: 'load_rows', input: 'fetch_rows', target },
    ],
  });
}

async function* each(rows: readonly Row[]) {
  yield* rows;
}

export interface LoadRun {
  runId: string;
  partition?: string;
}

/** Loads a pipeline's rows against one database; each run stages its rows as the fetch step would. */
export class LoadHarness {
  constructor(
    private readonly db: TestDatabase,
    readonly pipeline: PipelineDefinition,
  ) {}

  readonly workflowId = () => `sluice/${this.pipeline.name}/manual-1`;

  input(run: LoadRun, rows: number): StepInput {
    return {
      pipeline: this.pipeline.name,
      step: 'load_rows',
      workflowId: this.workflowId(),
      runId: run.runId,
      ...(run.partition !== undefined ? { partition: run.partition } : {}),
      params: {},
      definitionHash: 'h',
      inputs: {
        fetch_rows: { table: stagingTableName(this.workflowId(), run.runId, 'fetch_rows'), rows },
      },
    };
  }

  /** Stages `rows` for the run, as its fetch step would; returns how many. */
  stage(run: LoadRun | string, rows: readonly Row[]): Promise<number> {
    const r = typeof run === 'string' ? { runId: run } : run;
    const table = stagingTableName(this.workflowId(), r.runId, 'fetch_rows');
    return writeStaging(this.db.pool, table, each(rows), () => undefined);
  }

  /** Stages `rows` for the run (replacing what it staged before) and runs the load activity. */
  async load(run: LoadRun | string, rows: readonly Row[]): Promise<StepResult> {
    return this.rerun(run, await this.stage(run, rows));
  }

  /** Runs the load again over what the run already staged (a retry or a repeat), in `env` when given. */
  rerun(run: LoadRun | string, rows: number, env?: MockActivityEnvironment): Promise<StepResult> {
    const r = typeof run === 'string' ? { runId: run } : run;
    const load = createLoad({ pool: this.db.pool, catalog: new Map([[this.pipeline.name, this.pipeline]]) });
    return runActivity(load, [this.input(r, rows)], env);
  }

  /** The failure a load raises: its type, message and whether Temporal may retry it. Fails the test when the load succeeds. */
  async failure(
    run: LoadRun | string,
    rows: readonly Row[],
  ): Promise<{ type: string; message: string; nonRetryable: boolean }> {
    try {
      await this.load(run, rows);
    } catch (err) {
      const failure = err as { type?: unknown; nonRetryable?: unknown; message: string };
      return {
        type: String(failure.type),
        message: failure.message,
        nonRetryable: failure.nonRetryable === true,
      };
    }
    throw new Error('the load succeeded, but the test expected it to fail');
  }

  /** Ledger rows of this pipeline's runs, by run id. */
  async ledger(): Promise<Record<string, number>> {
    const { rows } = await this.db.pool.query<{ run_id: string; n: string }>(
      'SELECT run_id, rows_written AS n FROM sluice.loads WHERE pipeline = $1 ORDER BY run_id',
      [this.pipeline.name],
    );
    return Object.fromEntries(rows.map((r) => [r.run_id, Number(r.n)]));
  }
}

/** Every row of a query, for exact comparisons. */
export async function select(db: TestDatabase, sql: string, values: unknown[] = []): Promise<Row[]> {
  return (await db.pool.query(sql, values)).rows as Row[];
}
