// The fetch activity: reads the step's source into its staging table and returns the dataset reference.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import { sourceValues } from '../../core/fetch/source-values';
import type { DatasetRef, StepInput } from '../../core/run/run-types';
import type { FetchStep } from '../../core/pipeline/step-definitions';
import type { Catalog } from '../../core/pipeline/catalog';
import { findPipeline, findStep } from '../catalog-lookup';
import { watermarkCheck } from '../checks/watermark-check';
import type { StepOutcome } from '../checks/with-checks';
import { retryability } from '../retryability';
import { stagingTableName } from '../staging/staging-name';
import { writeStaging } from '../staging/staging-writer';
import { QuarantineWriter } from '../validate/quarantine-writer';
import { terminalFailure } from '../step-failure';
import { fetchHttp, type FetchOutcome } from './fetch-http';
import { heartbeatIntervalMs } from '../heartbeat-interval';
import { readFileRows } from './file-source';
import { HttpRetryableError } from './http/http-retryable-error';
import { IncrementalFilter } from './incremental-filter';
import { incrementalRun } from './incremental-run';
import { MalformedSourceError } from './malformed-source-error';
import { recordLimits } from './record-limits';
import { RecordScreen } from './record-screen';
import { postgresRows } from './postgres/postgres-rows';

export interface FetchDeps {
  pool: Pool;
  catalog: Catalog;
  /** Relative file paths in pipeline definitions are read from here. */
  baseDir: string;
}

export function createFetch({ pool, catalog, baseDir }: FetchDeps) {
  async function fetchInto(
    table: string,
    step: FetchStep,
    input: StepInput,
    numberColumns: Set<string>,
  ): Promise<FetchOutcome> {
    const incremental = await incrementalRun(pool, findPipeline(catalog, input.pipeline), step, input);
    const source = step.source;
    if (source.kind === 'http') return fetchHttp(pool, table, source, input, incremental);
    const context = Context.current();
    const signal = context.cancellationSignal;
    const records =
      source.kind === 'postgres'
        ? postgresRows(source, {
            ...(input.partition ? { partition: input.partition } : {}),
            params: input.params,
            ...(incremental?.watermark !== undefined ? { watermark: incremental.watermark } : {}),
            env: process.env,
            signal,
            numberColumns,
          })
        : readFileRows(source, baseDir, signal);
    const filter = incremental && new IncrementalFilter(incremental);
    const screen = new RecordScreen(recordLimits(source).maxRecordDepth);
    const quarantine = new QuarantineWriter(pool, input);
    const storable = screen.pass(records, (out) => quarantine.add(out.recordNumber, out.row, out.issues));
    let rowsSoFar = 0;
    // Also between rows: a query may work for minutes before its first one, and silence looks like a dead worker.
    const beat = setInterval(
      () => context.heartbeat({ rows: rowsSoFar }),
      heartbeatIntervalMs(context.info.heartbeatTimeoutMs),
    );
    try {
      const rows = await writeStaging(
        pool,
        table,
        filter ? filter.filter(storable) : storable,
        (n) => {
          rowsSoFar = n;
          context.heartbeat({ rows: n });
        },
        signal,
      );
      await quarantine.finish();
      return {
        rows,
        rejected: screen.rejected,
        ...(filter?.proposal ? { proposal: filter.proposal } : {}),
      };
    } catch (err) {
      await quarantine.abort();
      throw err;
    } finally {
      clearInterval(beat);
    }
  }

  return async function fetch(input: StepInput): Promise<StepOutcome> {
    const step = findStep(catalog, input, 'fetch');
    const table = stagingTableName(input.workflowId, input.runId, input.step);
    const numberColumns = new Set<string>();
    try {
      const { rows, rejected, proposal } = await fetchInto(table, step, input, numberColumns);
      const highest = proposal?.highest;
      const log = Context.current().log;
      log.info('fetched rows into staging', { rows, table, proposedWatermark: highest });
      if (rejected > 0)
        log.warn('quarantined records PostgreSQL cannot store; see sluice.quarantine for each and why', {
          rejected,
        });
      const check = proposal && step.incremental && watermarkCheck(step.incremental.cursorField, proposal);
      return {
        rowsIn: rows + rejected,
        rowsOut: rows,
        rowsRejected: rejected,
        output: outputRef(table, rows, step, numberColumns),
        ...(highest !== undefined ? { proposedWatermark: highest } : {}),
        ...(check ? { ownChecks: [check] } : {}),
      };
    } catch (err) {
      throw fetchFailure(err, input);
    }
  };
}

/** The staged dataset, saying whether its values are typed or text and which columns hold numbers as text. */
function outputRef(table: string, rows: number, step: FetchStep, numberColumns: Set<string>): DatasetRef {
  const ref: DatasetRef = { table, rows, values: sourceValues(step.source) };
  if (numberColumns.size > 0) ref.numberText = [...numberColumns].sort();
  return ref;
}

/**
 * Terminal failures for what no retry can fix; a Retry-After the source could not wait for becomes the delay.
 * Records PostgreSQL cannot hold are quarantined before staging (record-screen.ts); a data error there
 * anyway (activities/db/sqlstate.ts) is a value the screen does not know: every retry would read it again.
 */
function fetchFailure(err: unknown, input: StepInput): unknown {
  if (err instanceof MalformedSourceError)
    return terminalFailure('SluiceBadInput', input, err.message, err.action);
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    const file = (err as { path?: string }).path;
    return terminalFailure(
      'SluiceBadInput',
      input,
      `source file ${file} does not exist`,
      "Check the step's source.path",
    );
  }
  if (retryability(err) === 'data') {
    const { message, detail } = err as Error & { detail?: string };
    return terminalFailure(
      'SluiceBadInput',
      input,
      `the source holds a value PostgreSQL cannot store: ${message}${detail ? ` (${detail.replace(/\.$/, '')})` : ''}`,
      'Fix the source data and start a new run',
    );
  }
  if (err instanceof HttpRetryableError && err.retryAfterMs !== undefined) {
    return ApplicationFailure.create({
      message: err.message,
      type: err.name,
      nextRetryDelay: err.retryAfterMs,
    });
  }
  return err;
}
