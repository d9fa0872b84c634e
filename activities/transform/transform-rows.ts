// Runs a rows function over its one input batch by batch, streaming what it returns into the output staging table.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { DatasetRef, StepInput } from '../../core/run/run-types';
import type { RowTransformStep, TransformContext } from '../../core/pipeline/step-definitions';
import { asNumbers } from '../exact-json';
import { readStagingBatches, type StagedRow } from '../staging/staging-reader';
import { writeStagingBatches } from '../staging/staging-writer';
import { retryability } from '../retryability';
import { terminalFailure } from '../step-failure';
import { describeValue, outputRow } from './output-row';

export const ROW_BATCH_SIZE = 1000;

const FIX = 'Fix the rows function and start a new run';

/**
 * Holds one input batch and what the function returned for it at a time; the output table appears only
 * when every batch is in, so a failed attempt leaves nothing behind. Returns the rows written.
 */
export async function transformRows(
  pool: Pool,
  input: StepInput,
  step: RowTransformStep,
  ref: DatasetRef,
  table: string,
): Promise<number> {
  const context = Context.current();
  const fnContext: TransformContext = {
    params: input.params,
    ...(input.partition === undefined ? {} : { partition: input.partition }),
  };
  const progress = { rowsIn: 0, rowsOut: 0 };

  async function* outputBatches(): AsyncGenerator<Record<string, unknown>[]> {
    for await (const batch of readStagingBatches(pool, ref.table, ROW_BATCH_SIZE)) {
      const first = (batch[0] as StagedRow).rowNumber;
      const returned = await callRows(step, batch, fnContext, input);
      const rows: Record<string, unknown>[] = [];
      for (const [index, value] of returned.entries()) {
        const checked = outputRow(value);
        if ('problem' in checked) {
          throw terminalFailure(
            'SluiceBadInput',
            input,
            `the rows function returned ${checked.problem} (item ${index} of its result for the batch starting at input row ${first})`,
            FIX,
          );
        }
        rows.push(checked.row);
      }
      progress.rowsIn += batch.length;
      progress.rowsOut += rows.length;
      context.heartbeat({ ...progress });
      yield rows;
    }
  }

  return writeStagingBatches(pool, table, outputBatches(), () => undefined, context.cancellationSignal);
}

/**
 * The function's result for one batch. What it throws fails the step for good, since a bug in user code
 * does not get better by retrying, unless the error says a retry may help (activities/retryability.ts):
 * `retryable: true` (`throw Object.assign(new Error('lookup timed out'), { retryable: true })`), a network
 * error code such as ECONNRESET (a lookup service's fetch), a lost database connection. It is rethrown as it is.
 */
async function callRows(
  step: RowTransformStep,
  batch: StagedRow[],
  fnContext: TransformContext,
  input: StepInput,
): Promise<unknown[]> {
  const first = (batch[0] as StagedRow).rowNumber;
  let returned: unknown;
  try {
    returned = await step.rows(
      // A rows function works in JavaScript numbers: exact numbers reach it as the doubles they round to.
      batch.map((staged) => asNumbers(staged.data)),
      fnContext,
    );
  } catch (err) {
    if (retryability(err) === 'transient') throw err;
    Context.current().log.warn('the rows function threw', { firstRow: first, stack: (err as Error)?.stack });
    throw terminalFailure(
      'SluiceBadInput',
      input,
      `the rows function threw on the batch starting at input row ${first}: ${String(err)}`,
      `${FIX} (an error it throws with retryable: true is retried instead)`,
    );
  }
  if (!Array.isArray(returned)) {
    throw terminalFailure(
      'SluiceBadInput',
      input,
      `the rows function returned ${describeValue(returned)} for the batch starting at input row ${first}, not an array of rows`,
      FIX,
    );
  }
  return returned;
}
