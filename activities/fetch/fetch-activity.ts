// The fetch activity: reads the step's source into its staging table and returns the dataset reference.
import path from 'node:path';
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StepInput, StepResult } from '../../core/run-types';
import { findStep, type Catalog } from '../catalog-lookup';
import { stagingTableName } from '../staging/staging-name';
import { writeStaging } from '../staging/staging-writer';
import { terminalFailure } from '../step-failure';
import { readFileRows } from './file-source';
import { MalformedSourceError } from './malformed-source-error';

export interface FetchDeps {
  pool: Pool;
  catalog: Catalog;
  /** Relative file paths in pipeline definitions are read from here. */
  baseDir: string;
}

export function createFetch({ pool, catalog, baseDir }: FetchDeps) {
  return async function fetch(input: StepInput): Promise<StepResult> {
    const step = findStep(catalog, input, 'fetch');
    const source = step.source;
    if (source.kind !== 'file') {
      throw terminalFailure(
        'SluiceDefinitionError',
        input,
        `source kind ${source.kind} is not wired yet`,
        'Use a file source',
      );
    }
    const context = Context.current();
    const table = stagingTableName(input.workflowId, input.runId, input.step);
    const file = path.resolve(baseDir, source.path);
    try {
      const rows = await writeStaging(
        pool,
        table,
        readFileRows(source, file),
        (n) => context.heartbeat({ rows: n }),
        context.cancellationSignal,
      );
      context.log.info('fetched rows into staging', { rows, table });
      return { rowsIn: rows, rowsOut: rows, rowsRejected: 0, output: { table, rows } };
    } catch (err) {
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
          `source file ${file} does not exist`,
          "Check the step's source.path",
        );
      }
      throw err;
    }
  };
}
