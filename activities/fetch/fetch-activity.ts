// The fetch activity: reads the step's source into its staging table and returns the dataset reference.
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { StepInput, StepResult } from '../../core/run-types';
import type { SourceSpec } from '../../core/source-spec';
import { findStep, type Catalog } from '../catalog-lookup';
import { stagingTableName } from '../staging/staging-name';
import { writeStaging } from '../staging/staging-writer';
import { terminalFailure } from '../step-failure';
import { fetchHttp } from './fetch-http';
import { readFileRows } from './file-source';
import { HttpRetryableError } from './http/http-retryable-error';
import { HttpSourceError } from './http/http-source-error';
import { MalformedSourceError } from './malformed-source-error';

export interface FetchDeps {
  pool: Pool;
  catalog: Catalog;
  /** Relative file paths in pipeline definitions are read from here. */
  baseDir: string;
}

export function createFetch({ pool, catalog, baseDir }: FetchDeps) {
  async function fetchInto(table: string, source: SourceSpec, input: StepInput): Promise<number> {
    if (source.kind === 'http') return fetchHttp(pool, table, source, input);
    const context = Context.current();
    const file = path.resolve(baseDir, source.path);
    return writeStaging(
      pool,
      table,
      readFileRows(source, file),
      (n) => context.heartbeat({ rows: n }),
      context.cancellationSignal,
    );
  }

  return async function fetch(input: StepInput): Promise<StepResult> {
    const step = findStep(catalog, input, 'fetch');
    const table = stagingTableName(input.workflowId, input.runId, input.step);
    try {
      const rows = await fetchInto(table, step.source, input);
      Context.current().log.info('fetched rows into staging', { rows, table });
      return { rowsIn: rows, rowsOut: rows, rowsRejected: 0, output: { table, rows } };
    } catch (err) {
      if (err instanceof HttpSourceError)
        throw terminalFailure('SluiceBadInput', input, err.message, err.action);
      if (err instanceof MalformedSourceError) {
        throw terminalFailure(
          'SluiceBadInput',
          input,
          err.message,
          'Fix the source file and start a new run',
        );
      }
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw terminalFailure(
          'SluiceBadInput',
          input,
          `source file ${(err as { path?: string }).path} does not exist`,
          "Check the step's source.path",
        );
      }
      if (err instanceof HttpRetryableError && err.retryAfterMs !== undefined) {
        throw ApplicationFailure.create({
          message: err.message,
          type: err.name,
          nextRetryDelay: err.retryAfterMs,
        });
      }
      throw err;
    }
  };
}
