// The validate activity: checks the input against the step's data contract, passing valid rows on and quarantining the rest.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { definedCursorType } from '../../core/fetch/cursor-type';
import { WatermarkProposal } from '../../core/fetch/watermark-proposal';
import { watermarkFetchOf } from '../../core/fetch/watermark-source';
import type { StepInput } from '../../core/run/run-types';
import type { ValidateStep } from '../../core/pipeline/step-definitions';
import type { Catalog } from '../../core/pipeline/catalog';
import { findPipeline, findStep, inputDataset } from '../catalog-lookup';
import { watermarkCheck } from '../checks/watermark-check';
import type { StepOutcome } from '../checks/with-checks';
import { retryability } from '../retryability';
import { assertStagingIntact } from '../staging/staging-check';
import { stagingTableName } from '../staging/staging-name';
import { terminalFailure } from '../step-failure';
import { ContractError } from './contract-error';
import { inputProblems } from './input-problems';
import { judgeRows, type Judgement } from './judge-rows';
import { describeReasons } from './rejection-tally';
import { resolveContract, type ResolvedContract } from './resolve-contract';
import { rowReading } from './row-reading';

export interface ValidateDeps {
  pool: Pool;
  catalog: Catalog;
  /** Contract files named in pipeline definitions are read relative to this directory. */
  baseDir: string;
}

export const DEFAULT_MAX_INVALID_RATIO = 0.05;

export function createValidate({ pool, catalog, baseDir }: ValidateDeps) {
  return async function validate(input: StepInput): Promise<StepOutcome> {
    const step = findStep(catalog, input, 'validate');
    const ref = inputDataset(input, step.input);
    const contract = await contractOf(step, baseDir, input);
    await assertStagingIntact(pool, ref, input);
    const problems = await inputProblems(pool, ref, contract);
    if (problems.length > 0) {
      throw terminalFailure(
        'SluiceBadInput',
        input,
        `the input from ${step.input} cannot be validated against ${contract.label}: ${problems.join('; ')}`,
        'No row was passed on or quarantined; fix the source data and start a new run',
      );
    }
    const table = stagingTableName(input.workflowId, input.runId, input.step);
    // The watermark of the incremental fetch this step reads comes from the rows that pass, never from the rest.
    const pipeline = findPipeline(catalog, input.pipeline);
    const fetch = watermarkFetchOf(pipeline, step.id);
    const proposal =
      fetch && new WatermarkProposal(definedCursorType(pipeline, fetch), fetch.incremental, Date.now());
    const cursorField = fetch?.incremental.cursorField;
    let judged: Judgement;
    try {
      judged = await judgeRows(
        pool,
        input,
        contract,
        rowReading(contract.plans, ref),
        ref.table,
        table,
        proposal && cursorField ? (row) => proposal.offer(row[cursorField]) : undefined,
      );
    } catch (err) {
      // Validation writes only staging and quarantine, which take any row that json-safe lets through; what
      // PostgreSQL still refuses as data (a value jsonb cannot hold, a row past a size limit) is the rows'.
      if (retryability(err) !== 'data') throw err;
      throw terminalFailure(
        'SluiceBadInput',
        input,
        `rows cannot be stored: ${(err as Error).message}`,
        'Fix the source data and start a new run',
      );
    }
    const { rowsIn, rowsOut, rowsRejected, tally } = judged;
    const maxRatio = step.maxInvalidRatio ?? DEFAULT_MAX_INVALID_RATIO;
    const reasons = describeReasons(tally.top(3));
    if (rowsRejected > 0 && rowsRejected / rowsIn > maxRatio) {
      throw terminalFailure(
        'SluiceBadInput',
        input,
        `${rowsRejected} of ${rowsIn} rows (${percent(rowsRejected / rowsIn)}) break ${contract.label}, more than maxInvalidRatio ${maxRatio} (${percent(maxRatio)}) allows; most common: ${reasons}`,
        `The rejected rows are in sluice.quarantine (workflow_id '${input.workflowId}', run_id '${input.runId}', step '${input.step}'); fix the source data or the contract and start a new run`,
      );
    }
    const log = Context.current().log;
    if (rowsRejected > 0)
      log.warn('quarantined rows that break the contract', { rowsRejected, rowsIn, reasons });
    const highest = proposal?.highest;
    log.info('validated rows', { rowsIn, rowsOut, rowsRejected, table, proposedWatermark: highest });
    const check = proposal && cursorField && watermarkCheck(cursorField, proposal);
    return {
      rowsIn,
      rowsOut,
      rowsRejected,
      // Valid rows hold the contract's output: typed values, whatever the input held.
      output: { table, rows: rowsOut, values: 'typed' },
      ...(highest !== undefined ? { proposedWatermark: highest } : {}),
      ...(check ? { ownChecks: [check] } : {}),
    };
  };
}

async function contractOf(step: ValidateStep, baseDir: string, input: StepInput): Promise<ResolvedContract> {
  try {
    return await resolveContract(step.contract, baseDir);
  } catch (err) {
    if (!(err instanceof ContractError)) throw err;
    throw terminalFailure(
      'SluiceDefinitionError',
      input,
      err.message,
      'Fix the contract and start a new run',
    );
  }
}

/** 0.05 → "5%", 1/3 → "33.3%". */
function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(1))}%`;
}
