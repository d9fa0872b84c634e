// The load activity: writes the target and its ledger row in ONE transaction, so a repeat changes nothing.
import { Context } from '@temporalio/activity';
import type { Pool, PoolClient } from 'pg';
import type { StepInput, StepResult } from '../../core/run-types';
import { findStep, type Catalog } from '../catalog-lookup';
import { ident } from '../db/identifiers';
import { assertStagingIntact } from '../staging/staging-check';
import { STAGING_SCHEMA } from '../staging/staging-name';
import { terminalFailure } from '../step-failure';
import { ensureTargetTable } from './target-table';
import { writeSql } from './write-sql';

export interface LoadDeps {
  pool: Pool;
  catalog: Catalog;
}

const UNIQUE_VIOLATION = '23505';

async function ledgerRows(client: PoolClient | Pool, input: StepInput): Promise<number | undefined> {
  const { rows } = await client.query<{ rows_written: string }>(
    'SELECT rows_written FROM sluice.loads WHERE workflow_id = $1 AND run_id = $2 AND step = $3',
    [input.workflowId, input.runId, input.step],
  );
  return rows[0] ? Number(rows[0].rows_written) : undefined;
}

/** PostgreSQL data errors (class 22) and constraint violations (class 23) are the data's fault. */
const isDataError = (err: unknown) => /^2[23]/.test(String((err as { code?: unknown }).code ?? ''));

export function createLoad({ pool, catalog }: LoadDeps) {
  return async function load(input: StepInput): Promise<StepResult> {
    const step = findStep(catalog, input, 'load');
    const ref = input.inputs[step.input];
    if (!ref) {
      throw terminalFailure(
        'SluiceDefinitionError',
        input,
        `input "${step.input}" was not passed`,
        'Report this bug',
      );
    }
    const done = await ledgerRows(pool, input);
    if (done !== undefined) return { rowsIn: ref.rows, rowsOut: done, rowsRejected: 0, alreadyLoaded: true };
    await assertStagingIntact(pool, ref, input);

    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const missing = await ensureTargetTable(client, step.target);
      if (missing.length > 0) {
        throw terminalFailure(
          'SluiceTargetConflict',
          input,
          `target ${step.target.table} lacks columns ${missing.join(', ')}`,
          'Add them to the table, or load into a new table',
        );
      }
      const staging = `${ident(STAGING_SCHEMA)}.${ident(ref.table)}`;
      const written = await client.query(writeSql(step.target, staging), [
        `${input.workflowId}/${input.runId}`,
      ]);
      await client.query(
        `INSERT INTO sluice.loads (workflow_id, run_id, step, pipeline, target, rows_written)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [input.workflowId, input.runId, input.step, input.pipeline, step.target.table, written.rowCount ?? 0],
      );
      await client.query('COMMIT');
      Context.current().log.info('loaded rows', { target: step.target.table, rows: written.rowCount });
      return { rowsIn: ref.rows, rowsOut: written.rowCount ?? 0, rowsRejected: 0 };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const committedMeanwhile =
        (err as { code?: string }).code === UNIQUE_VIOLATION ? await ledgerRows(pool, input) : undefined;
      if (committedMeanwhile !== undefined) {
        return { rowsIn: ref.rows, rowsOut: committedMeanwhile, rowsRejected: 0, alreadyLoaded: true };
      }
      if (isDataError(err)) {
        throw terminalFailure(
          'SluiceBadInput',
          input,
          `rows do not fit ${step.target.table}: ${(err as Error).message}`,
          'Fix the data or the column types; the target was left unchanged',
        );
      }
      throw err;
    } finally {
      client.release();
    }
  };
}
