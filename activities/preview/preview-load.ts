// A preview's load: copies the target into a scratch table, loads that instead, and reports the difference.
import { Context } from '@temporalio/activity';
import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import type { Catalog } from '../../core/pipeline/catalog';
import type { LoadStep } from '../../core/pipeline/step-definitions';
import type { DatasetRef, StepInput, StepResult } from '../../core/run/run-types';
import { findPipeline } from '../catalog-lookup';
import { ident } from '../db/identifiers';
import { loadFailure } from '../load/data-failure';
import { assertRunHasPartition } from '../load/input-checks';
import { targetName, type TargetName } from '../load/target-name';
import { neededColumns, readTargetShape } from '../load/target-shape';
import { WRITERS } from '../load/writers';
import { assertStagingIntact } from '../staging/staging-check';
import { STAGING_SCHEMA } from '../staging/staging-name';
import { previewTarget } from './preview-schema';
import { diffTarget } from './target-diff';
import { upstreamQuarantine } from './upstream-quarantine';

/** The target's rows and shape in a new scratch table; triggers, grants and policies stay behind. */
async function copyTarget(client: PoolClient, from: TargetName, to: TargetName): Promise<void> {
  await client.query(
    `CREATE TABLE ${to.quoted} (LIKE ${from.quoted} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES
       INCLUDING IDENTITY INCLUDING GENERATED)`,
  );
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [from.quoted],
  );
  // Names the catalog gives (the table may have columns of any name), quoted as they are.
  const columns = rows.map((r) => escapeIdentifier(r.name)).join(', ');
  await client.query(
    `INSERT INTO ${to.quoted} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM ${from.quoted}`,
  );
}

/**
 * One transaction: drop what an earlier attempt left, copy the target, write the copy as the real load
 * would (always evolving, so a freeze refusal is reported instead of ending the diff), diff, commit. The
 * scratch table stays until the preview ends, for the load's checks to read. The target is only read.
 */
export async function previewLoad(
  { pool, catalog }: { pool: Pool; catalog: Catalog },
  input: StepInput,
  step: LoadStep,
  ref: DatasetRef,
): Promise<StepResult> {
  const { target } = step;
  assertRunHasPartition(target, input);
  await assertStagingIntact(pool, ref, input);
  const real = targetName(target.table);
  const scratch = previewTarget(input);
  const staging = `${ident(STAGING_SCHEMA)}.${ident(ref.table)}`;
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query(`DROP TABLE IF EXISTS ${scratch.quoted}`);
    const shape = await readTargetShape(client, real.quoted);
    const missing = shape
      ? neededColumns(target)
          .filter((c) => c.origin === 'declared' && !shape.columns.has(c.name))
          .map((c) => c.name)
      : [];
    if (shape) await copyTarget(client, real, scratch);
    const { rows } = await client.query<{ at: string }>('SELECT clock_timestamp()::text AS at');
    const outcome = await WRITERS[target.mode]({
      client,
      target: { ...target, schemaChanges: 'evolve' },
      name: scratch,
      input,
      staging,
      runTag: `${input.workflowId}/${input.runId}`,
      loadedAt: (rows[0] as { at: string }).at,
    });
    const diff = await diffTarget(client, target, scratch, shape && { name: real, shape });
    const quarantine = await upstreamQuarantine(client, findPipeline(catalog, input.pipeline), input);
    await client.query('COMMIT');
    const evolve = (target.schemaChanges ?? 'freeze') === 'evolve';
    Context.current().log.info('previewed load', {
      target: target.table,
      mode: target.mode,
      scratch: scratch.quoted,
    });
    return {
      rowsIn: ref.rows,
      rowsOut: outcome.written,
      rowsRejected: 0,
      preview: {
        step: input.step,
        target: target.table,
        mode: target.mode,
        ...diff,
        schema: { creates: !shape, added: evolve ? missing : [], refused: evolve ? [] : missing },
        failedChecks: [],
        quarantine,
      },
    };
  } catch (err) {
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw await loadFailure(pool, err, { target, name: real, staging, input });
  } finally {
    client.release(broken);
  }
}
