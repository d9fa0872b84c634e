// Writes a step's rejected rows to sluice.quarantine in batches, replacing any earlier attempt's in one transaction.
import type { Pool, PoolClient } from 'pg';
import type { StepInput } from '../../core/run/run-types';
import { ExactNumber } from '../exact-json';
import type { RowIssue } from './row-issue';

const BATCH_ROWS = 500;
/** Rows may hold huge strings: a batch is also cut by its size, so one INSERT stays small. */
const BATCH_BYTES = 4 * 1024 * 1024;
const MAX_MESSAGE = 500;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** The deepest a stored row goes (the largest source.maxRecordDepth allowed); below it a marker stands. */
const STORED_DEPTH = 1000;

const DELETE_SQL = 'DELETE FROM sluice.quarantine WHERE workflow_id = $1 AND run_id = $2 AND step = $3';
const DELETE_AFTER_SQL = `${DELETE_SQL} AND row_number > $4`;
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
    const item = quarantineItem(rowNumber, row, issues);
    this.batch.push(item);
    this.bytes += item.length;
    if (this.batch.length >= BATCH_ROWS || this.bytes >= BATCH_BYTES) await this.flush();
  }

  /** Commits the rejected rows; with none, still clears what an earlier attempt left. */
  async finish(): Promise<void> {
    this.closed = true;
    if (!this.client) {
      await clearQuarantine(this.pool, this.input);
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
    await clearQuarantine(client, this.input);
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0 || !this.client) return;
    await insertQuarantined(this.client, this.input, this.batch);
    this.batch = [];
    this.bytes = 0;
  }

  private release(): void {
    this.client?.release();
    this.client = undefined;
  }
}

/** One rejected row as the JSON text insertQuarantined takes. */
export function quarantineItem(rowNumber: number, row: unknown, issues: readonly RowIssue[]): string {
  return `{"row_number":${rowNumber},"row":${storableJson(row, 0)},"issues":${JSON.stringify(issues.map(storable))}}`;
}

/** Inserts quarantineItem texts on `client`, inside whatever transaction the caller holds. */
export async function insertQuarantined(
  client: Pick<PoolClient, 'query'>,
  input: StepInput,
  items: readonly string[],
): Promise<void> {
  const { pipeline, workflowId, runId, step } = input;
  await client.query(INSERT_SQL, [pipeline, workflowId, runId, step, `[${items.join(',')}]`]);
}

/** Removes the step's quarantined rows for this run, or only those after row `afterRow`. */
export async function clearQuarantine(
  client: Pick<Pool, 'query'>,
  input: StepInput,
  afterRow?: number,
): Promise<void> {
  const { workflowId, runId, step } = input;
  if (afterRow === undefined) await client.query(DELETE_SQL, [workflowId, runId, step]);
  else await client.query(DELETE_AFTER_SQL, [workflowId, runId, step, afterRow]);
}

/**
 * The row as jsonb text whatever it holds: NUL characters and broken UTF-16 (in values and keys) become
 * U+FFFD, nesting past STORED_DEPTH a marker, values JSON has no form for null; exact numbers stay exact.
 * The issues stored beside it say what was there.
 */
function storableJson(value: unknown, depth: number): string {
  if (depth > STORED_DEPTH) return JSON.stringify(`(nested deeper than ${STORED_DEPTH} levels: not kept)`);
  if (typeof value === 'string') return JSON.stringify(storableText(value));
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value instanceof ExactNumber) return value.text;
  if (typeof value !== 'object' || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => storableJson(item, depth + 1)).join(',')}]`;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return storableJson((toJSON as () => unknown).call(value), depth);
  const fields = Object.entries(value)
    .filter(([, item]) => item !== undefined && typeof item !== 'function')
    .map(([key, item]) => `${JSON.stringify(storableText(key))}:${storableJson(item, depth + 1)}`);
  return `{${fields.join(',')}}`;
}

function storableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
}

/** Messages come from user refinements too, paths from the row's keys: keep them short and storable as jsonb text. */
function storable(issue: RowIssue): RowIssue {
  const message = storableText(issue.message);
  return {
    ...issue,
    path: issue.path.map((step) => (typeof step === 'string' ? storableText(step) : step)),
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}...` : message,
  };
}
