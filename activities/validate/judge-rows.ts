// Streams the input through the contract: valid rows into the output staging table, rejected ones to quarantine.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StepInput } from '../../core/run-types';
import { readStaging } from '../staging/staging-reader';
import { writeStaging } from '../staging/staging-writer';
import { QuarantineWriter } from './quarantine-writer';
import { RejectionTally } from './rejection-tally';
import type { ResolvedContract } from './resolve-contract';
import { judgeRow } from './row-validator';

const HEARTBEAT_EVERY = 1000;

export interface JudgeCounts {
  rowsIn: number;
  rowsOut: number;
  rowsRejected: number;
}

export interface Judgement extends JudgeCounts {
  tally: RejectionTally;
}

/**
 * Holds one row at a time (plus a bounded quarantine batch). The output table and the quarantine rows each
 * commit in one transaction, so an attempt that dies leaves nothing half-written for the retry to trip on.
 */
export async function judgeRows(
  pool: Pool,
  input: StepInput,
  contract: ResolvedContract,
  inputTable: string,
  outputTable: string,
): Promise<Judgement> {
  const context = Context.current();
  const quarantine = new QuarantineWriter(pool, input);
  const tally = new RejectionTally();
  const counts: JudgeCounts = { rowsIn: 0, rowsOut: 0, rowsRejected: 0 };

  async function* validRows(): AsyncGenerator<Record<string, unknown>> {
    for await (const staged of readStaging(pool, inputTable)) {
      counts.rowsIn += 1;
      const judged = judgeRow(contract, staged.data);
      const verdict = judged instanceof Promise ? await judged : judged;
      if (verdict.valid) {
        counts.rowsOut += 1;
        yield verdict.row;
      } else {
        counts.rowsRejected += 1;
        tally.add(verdict.issues);
        await quarantine.add(staged.rowNumber, staged.data, verdict.issues);
      }
      if (counts.rowsIn % HEARTBEAT_EVERY === 0) context.heartbeat({ ...counts });
    }
  }

  try {
    await writeStaging(pool, outputTable, validRows(), () => undefined, context.cancellationSignal);
    await quarantine.finish();
  } catch (err) {
    await quarantine.abort();
    throw err;
  }
  context.heartbeat({ ...counts });
  return { ...counts, tally };
}
