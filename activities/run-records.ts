// Activities that keep sluice.runs, sluice.step_runs and sluice.operator_actions in step with what the workflow reports.
import type { Pool } from 'pg';
import type { OperatorAction } from '../core/run/operator-action';
import type { RunState } from '../core/run/run-state';
import type { Trigger } from '../core/run/run-types';

export interface RunIdentity {
  workflowId: string;
  runId: string;
  pipeline: string;
  partition?: string;
  trigger: Trigger;
  definitionHash?: string;
}

export function createRunRecords(pool: Pool) {
  /** Marks the run as running; a retried call changes nothing. */
  async function recordRunStarted(run: RunIdentity & { startedAt: string }): Promise<void> {
    await pool.query(
      `INSERT INTO sluice.runs (workflow_id, run_id, pipeline, partition_key, trigger, status, definition_hash, started_at)
       VALUES ($1, $2, $3, $4, $5, 'running', $6, $7) ON CONFLICT (workflow_id, run_id) DO NOTHING`,
      [
        run.workflowId,
        run.runId,
        run.pipeline,
        run.partition ?? null,
        run.trigger,
        run.definitionHash ?? null,
        run.startedAt,
      ],
    );
  }

  /** Writes the final status and every step's row, in one transaction. */
  async function recordRunFinished(
    run: RunIdentity & { state: RunState; endedAt: string; error?: string },
  ): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO sluice.runs (workflow_id, run_id, pipeline, partition_key, trigger, status, started_at, ended_at, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)
         ON CONFLICT (workflow_id, run_id) DO UPDATE SET status = $6, ended_at = $7, error = $8`,
        [
          run.workflowId,
          run.runId,
          run.pipeline,
          run.partition ?? null,
          run.trigger,
          run.state.status,
          run.endedAt,
          run.error ?? null,
        ],
      );
      for (const step of run.state.steps) {
        await client.query(
          `INSERT INTO sluice.step_runs (workflow_id, run_id, step, kind, status, attempts, started_at, ended_at,
             rows_in, rows_out, rows_rejected, error)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (workflow_id, run_id, step) DO UPDATE SET status = $5, attempts = $6, started_at = $7,
             ended_at = $8, rows_in = $9, rows_out = $10, rows_rejected = $11, error = $12`,
          [
            run.workflowId,
            run.runId,
            step.id,
            step.kind,
            step.status,
            step.attempts,
            step.startedAt ?? null,
            step.endedAt ?? null,
            step.rowsIn ?? null,
            step.rowsOut ?? null,
            step.rowsRejected ?? null,
            step.lastError ?? null,
          ],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Keeps who approved, paused, resumed, retried, skipped, aborted or cancelled; a retried call changes nothing. */
  async function recordOperatorActions(input: {
    workflowId: string;
    runId: string;
    actions: (OperatorAction & { seq: number })[];
  }): Promise<void> {
    await pool.query(
      `INSERT INTO sluice.operator_actions (workflow_id, run_id, seq, action, step, actor, acted_at)
       SELECT $1, $2, a.seq, a.action, a.step, a.actor, a.at
         FROM jsonb_to_recordset($3::jsonb) AS a(seq int, action text, step text, actor text, at timestamptz)
       ON CONFLICT (workflow_id, run_id, seq) DO NOTHING`,
      [input.workflowId, input.runId, JSON.stringify(input.actions)],
    );
  }

  return { recordRunStarted, recordRunFinished, recordOperatorActions };
}
