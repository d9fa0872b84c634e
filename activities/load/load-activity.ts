// The load activity: writes the target and its ledger row in ONE transaction, so a repeat changes nothing.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Pool } from 'pg';
import type { StepInput, StepResult } from '../../core/run/run-types';
import type { Catalog } from '../../core/pipeline/catalog';
import { findPipeline, findStep, inputDataset } from '../catalog-lookup';
import { ident } from '../db/identifiers';
import { heartbeatIntervalMs } from '../heartbeat-interval';
import { SQLSTATE } from '../db/sqlstate';
import { retryability } from '../retryability';
import { assertStagingIntact } from '../staging/staging-check';
import { STAGING_SCHEMA } from '../staging/staging-name';
import { dataFailure, refusedFailure } from './data-failure';
import { assertRunHasPartition } from './input-checks';
import { ledgerRows, lockTarget, recordLoad } from './load-ledger';
import { commitWatermarks } from '../state/watermarks';
import { targetName } from './target-name';
import { WRITERS } from './writers';

export interface LoadDeps {
  pool: Pool;
  catalog: Catalog;
}

/**
 * `rowsOut` counts rows the load inserted or updated in the target (for history: versions added plus
 * versions closed); a repeated load returns the count its first commit recorded, with `alreadyLoaded`.
 */
export function createLoad({ pool, catalog }: LoadDeps) {
  return async function load(input: StepInput): Promise<StepResult> {
    const step = findStep(catalog, input, 'load');
    const { target } = step;
    const ref = inputDataset(input, step.input);
    const already = (rowsOut: number): StepResult => ({
      rowsIn: ref.rows,
      rowsOut,
      rowsRejected: 0,
      alreadyLoaded: true,
    });
    const done = await ledgerRows(pool, input);
    if (done !== undefined) return already(done);
    assertRunHasPartition(target, input);
    await assertStagingIntact(pool, ref, input);

    const name = targetName(target.table);
    const staging = `${ident(STAGING_SCHEMA)}.${ident(ref.table)}`;
    const activity = Context.current();
    const client = await pool.connect();
    // A load is a few long statements, after a wait for the target's lock: heartbeats keep it from looking dead.
    const heartbeat = setInterval(
      () => activity.heartbeat({ target: target.table }),
      heartbeatIntervalMs(activity.info.heartbeatTimeoutMs),
    );
    let broken = false;
    try {
      await client.query('BEGIN');
      const loadedAt = await lockTarget(client, name);
      const committedMeanwhile = await ledgerRows(client, input);
      if (committedMeanwhile !== undefined) {
        await client.query('ROLLBACK');
        return already(committedMeanwhile);
      }
      const runTag = `${input.workflowId}/${input.runId}`;
      const outcome = await WRITERS[target.mode]({ client, target, name, input, staging, runTag, loadedAt });
      await recordLoad(client, input, target.table, outcome.written);
      if (input.watermarks)
        await commitWatermarks(client, input, findPipeline(catalog, input.pipeline), input.watermarks);
      await client.query('COMMIT');
      activity.log.info('loaded rows', {
        target: target.table,
        mode: target.mode,
        rows: outcome.written,
        ...outcome.details,
      });
      return { rowsIn: ref.rows, rowsOut: outcome.written, rowsRejected: 0 };
    } catch (err) {
      // A connection that cannot even roll back is not handed back to the pool.
      broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      // A unique violation may be the ledger's: another attempt committed this load meanwhile.
      const committed =
        (err as { code?: string }).code === SQLSTATE.uniqueViolation
          ? await ledgerRows(pool, input)
          : undefined;
      if (committed !== undefined) return already(committed);
      const judged = err instanceof ApplicationFailure ? undefined : retryability(err);
      if (judged === 'data') throw await dataFailure(pool, err as Error, { target, name, staging, input });
      if (judged === 'terminal') throw refusedFailure(err as Error, target, input);
      throw err;
    } finally {
      clearInterval(heartbeat);
      client.release(broken);
    }
  };
}
