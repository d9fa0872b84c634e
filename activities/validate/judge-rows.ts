// Streams the input through the contract: valid rows into the output staging table, rejected ones to quarantine.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StepInput } from '../../core/run/run-types';
import { readStagingBatches } from '../staging/staging-reader';
import { writeStagingBatches } from '../staging/staging-writer';
import { QuarantineWriter } from './quarantine-writer';
import { RejectionTally } from './rejection-tally';
import type { ResolvedContract } from './resolve-contract';
import type { RowReading } from './row-reading';
import { judgeRow } from './row-validator';

/** Rows read, judged and heartbeated at a time. */
const BATCH_ROWS = 1000;

export interface JudgeCounts {
  rowsIn: number;
  rowsOut: number;
  rowsRejected: number;
}

export interface Judgement extends JudgeCounts {
  tally: RejectionTally;
}

/**
 * Holds one batch of rows at a time (plus a bounded quarantine batch). The output table and the quarantine rows each
 * commit in one transaction, so an attempt that dies leaves nothing half-written for the retry to trip on.
 */
export async function judgeRows(
  pool: Pool,
  input: StepInput,
  contract: ResolvedContract,
  reading: RowReading,
  inputTable: string,
  outputTable: string,
  /** Called with each valid row as the input held it (before it was read), e.g. to propose a watermark. */
  onValid?: (staged: Record<string, unknown>) => void,
): Promise<Judgement> {
  const context = Context.current();
  const quarantine = new QuarantineWriter(pool, input);
  const tally = new RejectionTally();
  const counts: JudgeCounts = { rowsIn: 0, rowsOut: 0, rowsRejected: 0 };

  async function* validBatches(): AsyncGenerator<Record<string, unknown>[]> {
    for await (const batch of readStagingBatches(pool, inputTable, BATCH_ROWS)) {
      const valid: Record<string, unknown>[] = [];
      for (const staged of batch) {
        const judged = judgeRow(contract, staged.data, reading);
        const verdict = judged instanceof Promise ? await judged : judged;
        if (verdict.valid) {
          valid.push(verdict.row);
          onValid?.(staged.data);
        } else {
          tally.add(verdict.issues);
          await quarantine.add(staged.rowNumber, staged.data, verdict.issues);
        }
      }
      counts.rowsIn += batch.length;
      counts.rowsOut += valid.length;
      counts.rowsRejected += batch.length - valid.length;
      // The last, short batch is reported by the heartbeat after the output commits.
      if (batch.length === BATCH_ROWS) context.heartbeat({ ...counts });
      yield valid;
    }
  }

  try {
    await writeStagingBatches(pool, outputTable, validBatches(), () => undefined, context.cancellationSignal);
    await quarantine.finish();
  } catch (err) {
    await quarantine.abort();
    throw err;
  }
  context.heartbeat({ ...counts });
  return { ...counts, tally };
}
