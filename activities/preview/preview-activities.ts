// The activities that open and close a preview: the scratch schema before any step, the cleanup after the last.
import type { Pool } from 'pg';
import { SQLSTATE } from '../db/sqlstate';
import { dropRunStaging } from '../staging/staging-cleanup';
import { terminal } from '../step-failure';
import { deletePreviewRows } from './preview-rows';
import { PREVIEW_SCHEMA } from './preview-schema';

export interface RunKey {
  pipeline: string;
  workflowId: string;
  runId: string;
}

export function createPreviewActivities(pool: Pool) {
  /**
   * Creates the scratch schema when missing and checks the worker's role may create tables in it; refuses
   * with SluiceBadInput (nothing written) when it cannot, saying how to grant it.
   */
  async function preparePreview(run: RunKey): Promise<void> {
    const { rows } = await pool.query<{ role: string; database: string; exists: boolean }>(
      'SELECT current_user AS role, current_database() AS database, to_regnamespace($1) IS NOT NULL AS exists',
      [PREVIEW_SCHEMA],
    );
    const { role, database, exists } = rows[0] as { role: string; database: string; exists: boolean };
    const refuse = (problem: string) =>
      terminal(
        'SluiceBadInput',
        `preview of ${run.pipeline} (run ${run.workflowId}): ${problem}; as an administrator, run ` +
          `CREATE SCHEMA IF NOT EXISTS ${PREVIEW_SCHEMA}; GRANT USAGE, CREATE ON SCHEMA ${PREVIEW_SCHEMA} TO "${role}" ` +
          '(deploy/postgres/roles.sql does), then preview again',
      );
    if (!exists) {
      try {
        await pool.query(`CREATE SCHEMA IF NOT EXISTS ${PREVIEW_SCHEMA}`);
      } catch (err) {
        if ((err as { code?: string }).code !== SQLSTATE.insufficientPrivilege) throw err;
        throw refuse(
          `the worker's role "${role}" may not create the scratch schema ${PREVIEW_SCHEMA} in database "${database}"`,
        );
      }
    }
    const { rows: may } = await pool.query<{ ok: boolean }>(
      `SELECT has_schema_privilege($1, 'CREATE') AS ok`,
      [PREVIEW_SCHEMA],
    );
    if (!may[0]?.ok)
      throw refuse(`the worker's role "${role}" may not create tables in schema ${PREVIEW_SCHEMA}`);
  }

  /** Drops the preview's scratch tables and the rows it recorded under its run id; safe to repeat. */
  async function endPreview(run: RunKey): Promise<{ dropped: number }> {
    await deletePreviewRows(pool, run.workflowId, run.runId);
    return { dropped: await dropRunStaging(pool, run.workflowId, run.runId, PREVIEW_SCHEMA) };
  }

  return { preparePreview, endPreview };
}
