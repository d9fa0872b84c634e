// Writes a step's rejected rows to sluice.quarantine in batches, replacing any earlier attempt's in one transaction.
import type { Pool, PoolClient } from 'pg';
import type { StepInput } from '../../core/run/run-types';
import type { RowIssue } from './row-issue';

const BATCH_ROWS = 500;
/** Rows may hold huge strings: a batch is also cut by its size, so one INSERT stays small. */
const BATCH_BYTES = 4 * 1024 * 1024;
const MAX_MESSAGE = 500;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const DELETE_SQL = 'DELETE FROM sluice.quarantine WHERE workflow_id = $1 AND run_id = $2 AND step = $3';
const INSERT_SQL = `
  INSERT INTO sluice.quarantine (pipeline, workflow_id, run_id, step, row_number, row, issues)
  SELECT $1, $2, $3, $4, q.row_number, q.row, q.issues
  FROM jsonb_to_recordset($5::jsonb) AS q(row_number bigint, row jsonb, issues jsonb)
  ON CONFLICT (workflow_id, run_id, step, row_number)
  DO UPDATE SET row = EXCLUDED.row, issues = EXCLUDED.issues, quarantined_at = now()`;

/**
 * The transaction opens on the first rejected row (most runs reject none and need no extra connection)
 * and commits in finish(): a crashed attempt leaves nothing, a retried one replaces what was there.
 */
export class QuarantineWriter {
  private client: PoolClient | undefined;
  private batch: string[] = [];
  private bytes = 0;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly input: StepInput,
  ) {}

  async add(rowNumber: number, row: unknown, issues: readonly RowIssue[]): Promise<void> {
    if (this.closed) throw new Error('the quarantine writer was closed; this attempt is over');
    if (!this.client) await this.open();
    const item = `{"row_number":${rowNumber},"row":${JSON.stringify(row)},"issues":${JSON.stringify(issues.map(storable))}}`;
    this.batch.push(item);
    this.bytes += item.length;
    if (this.batch.length >= BATCH_ROWS || this.bytes >= BATCH_BYTES) await this.flush();
  }

  /** Commits the rejected rows; with none, still clears what an earlier attempt left. */
  async finish(): Promise<void> {
    this.closed = true;
    const { workflowId, runId, step } = this.input;
    if (!this.client) {
      await this.pool.query(DELETE_SQL, [workflowId, runId, step]);
      return;
    }
    await this.flush();
    await this.client.query('COMMIT');
    this.release();
  }

  /** Rolls back after a failure; never throws, so the original error is the one reported. */
  async abort(): Promise<void> {
    this.closed = true;
    if (!this.client) return;
    await this.client.query('ROLLBACK').catch(() => undefined);
    this.release();
  }

  private async open(): Promise<void> {
    const client = await this.pool.connect();
    this.client = client;
    await client.query('BEGIN');
    await client.query(DELETE_SQL, [this.input.workflowId, this.input.runId, this.input.step]);
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0 || !this.client) return;
    const { pipeline, workflowId, runId, step } = this.input;
    await this.client.query(INSERT_SQL, [pipeline, workflowId, runId, step, `[${this.batch.join(',')}]`]);
    this.batch = [];
    this.bytes = 0;
  }

  private release(): void {
    this.client?.release();
    this.client = undefined;
  }
}

/** Messages come from user refinements too: keep them short and storable as jsonb text. */
function storable(issue: RowIssue): RowIssue {
  const message = issue.message.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
  return {
    ...issue,
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}...` : message,
  };
}
