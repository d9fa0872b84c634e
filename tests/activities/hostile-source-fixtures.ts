// Runs the fetch activity of a one-step pipeline on real PostgreSQL, for the hostile-source tests.
import type { Pool } from 'pg';
import type { MockActivityEnvironment } from '@temporalio/testing';
import { createFetch } from '../../activities/fetch/fetch-activity';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import type { SourceSpec } from '../../core/fetch/source-spec';
import type { StepInput, StepResult } from '../../core/run/run-types';
import { runActivity } from '../support/run-activity';

export const PIPELINE = 'hostile';
export const STEP = 'fetch_orders_hostile';
let runs = 0;

/** The input of a fresh run of the pipeline's fetch step. */
export function stepInput(): StepInput {
  runs += 1;
  return {
    pipeline: PIPELINE,
    step: STEP,
    workflowId: `sluice/${PIPELINE}/manual-1`,
    runId: `run-${runs}`,
    params: {},
    definitionHash: 'h',
    inputs: {},
  };
}

/** Fetches `source` into staging as the worker would; `baseDir` holds relative file paths. */
export function fetchSource(
  pool: Pool,
  source: SourceSpec,
  input = stepInput(),
  baseDir = '.',
  env?: MockActivityEnvironment,
): Promise<StepResult> {
  const pipeline = definePipeline({
    name: PIPELINE,
    description: 'hostile and broken sources',
    owner: 'tests',
    steps: [{ kind: 'fetch', id: STEP, source }],
  });
  return runActivity(createFetch({ pool, catalog: new Map([[PIPELINE, pipeline]]), baseDir }), [input], env);
}

/** The failure a fetch ends in: whether it is terminal, its type and message. */
export async function fetchFailure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    const e = err as { nonRetryable?: boolean; type?: string; message: string };
    return { terminal: e.nonRetryable === true, type: e.type, message: e.message };
  }
  throw new Error('the fetch succeeded, but the test expected it to fail');
}

/** The staged rows' data, in order. */
export async function stagedRows(pool: Pool, result: StepResult): Promise<unknown[]> {
  const { rows } = await pool.query<{ data: unknown }>(
    `SELECT data FROM sluice_staging.${result.output!.table} ORDER BY _sluice_row`,
  );
  return rows.map((r) => r.data);
}

/** How a run's failure message starts: pipeline, step and run. */
export const where = (input: StepInput) => `${PIPELINE}/${STEP} (run ${input.workflowId}): `;
