// The validate tests' pipeline (YAML and zod contracts), its database, staging and quarantine helpers, and sample orders.
import assert from 'node:assert/strict';
import path from 'node:path';
import { z } from 'zod';
import { writeStaging } from '../../activities/staging/staging-writer';
import { createValidate } from '../../activities/validate/validate-activity';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import type { StepInput } from '../../core/run/run-types';
import { useTestDatabase } from '../support/test-database';

const root = path.resolve(__dirname, '../..');
export const WORKFLOW = 'sluice/validate_test/manual-1';
export const ORDERS = 'tests/fixtures/contracts/orders.yml';
export const STATUSES = '"placed"|"shipped"|"delivered"|"cancelled"';

/** The hand-written twin of tests/fixtures/contracts/orders.yml. */
const ordersZod = z.object({
  order_id: z.int().min(1),
  customer_id: z.string().regex(/^C\d{3}$/u),
  status: z.enum(['placed', 'shipped', 'delivered', 'cancelled']),
  amount: z.number().min(0).max(1_000_000),
  note: z.string().max(100).optional(),
  ordered_at: z.iso.datetime({ offset: true }),
});

/** Refinements that throw and transforms that produce what jsonb cannot hold: quarantined, never a crash loop. */
const trickyZod = z.object({
  order_id: z.string().refine((v) => {
    if (v === 'boom') throw new Error('kaboom');
    return true;
  }),
  name: z.string().transform((s) => (s === 'nul' ? 'a\u0000b' : s)),
  big: z
    .string()
    .optional()
    .transform((v) => (v ? BigInt(v) : undefined)),
});

const pipeline = definePipeline({
  name: 'validate_test',
  description: 'test',
  owner: 'tests',
  steps: [
    { kind: 'fetch', id: 'fetch_orders', source: { kind: 'file', path: 'unused.csv', format: 'csv' } },
    { kind: 'validate', id: 'validate_orders', input: 'fetch_orders', contract: { file: ORDERS } },
    {
      kind: 'validate',
      id: 'validate_orders_strict',
      input: 'fetch_orders',
      contract: { file: ORDERS },
      maxInvalidRatio: 0,
    },
    {
      kind: 'validate',
      id: 'validate_orders_lenient',
      input: 'fetch_orders',
      contract: { file: ORDERS },
      maxInvalidRatio: 1,
    },
    {
      kind: 'validate',
      id: 'validate_orders_zod',
      input: 'fetch_orders',
      contract: { schema: ordersZod, unique: ['order_id'] },
      maxInvalidRatio: 1,
    },
    {
      kind: 'validate',
      id: 'validate_orders_tricky',
      input: 'fetch_orders',
      contract: { schema: trickyZod },
      maxInvalidRatio: 1,
    },
    {
      kind: 'validate',
      id: 'validate_orders_broken',
      input: 'fetch_orders',
      contract: { file: 'tests/fixtures/contracts/broken.yml' },
    },
  ],
});

export function stepInput(step: string, runId: string, table: string, rows: number): StepInput {
  return {
    pipeline: 'validate_test',
    step,
    workflowId: WORKFLOW,
    runId,
    params: {},
    definitionHash: 'h',
    inputs: { fetch_orders: { table, rows } },
  };
}

/** An order as the CSV source stages it: every value text. */
export function order(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    order_id: String(id),
    customer_id: `C${String(id % 1000).padStart(3, '0')}`,
    status: 'placed',
    amount: '10.50',
    note: '',
    ordered_at: '2026-11-21T01:04:00Z',
    ...overrides,
  };
}

export function without(row: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));
}

/** Asserts a terminal Sluice failure of `type` with exactly `message`. */
export function failure(type: string, message: string) {
  return (err: Error & { type?: string; nonRetryable?: boolean }) => {
    assert.equal(err.type, type);
    assert.equal(err.nonRetryable, true);
    assert.equal(err.message, message);
    return true;
  };
}

export const prefix = (step: string) => `validate_test/${step} (run ${WORKFLOW}): `;

/** Ten orders, four of which break the contract (the same four for the YAML and the zod contract). */
export const overRows = () => {
  const rows = Array.from({ length: 10 }, (_, i) => order(i + 1));
  rows[1] = order(2, { status: 'lost' });
  rows[4] = order(5, { status: 'lost', amount: '-1' });
  rows[7] = order(8, { amount: 'abc' });
  rows[8] = order(9, { customer_id: '' });
  return rows;
};

/** What the contract finds wrong with each of overRows' bad rows, by row number. */
export const overIssues = [
  [2, [{ path: ['status'], code: 'invalid_value', message: `Invalid option: expected one of ${STATUSES}` }]],
  [
    5,
    [
      { path: ['status'], code: 'invalid_value', message: `Invalid option: expected one of ${STATUSES}` },
      { path: ['amount'], code: 'too_small', message: 'Too small: expected number to be >=0' },
    ],
  ],
  [
    8,
    [{ path: ['amount'], code: 'invalid_type', message: 'Invalid input: expected number, received string' }],
  ],
  [
    9,
    [
      {
        path: ['customer_id'],
        code: 'sluice_missing',
        message: 'Required: the value is missing (blank, null or absent)',
      },
    ],
  ],
] as const;

/** For a test file: one database, and the validate activity and staging and quarantine helpers that use it. */
export function useValidateDatabase() {
  const db = useTestDatabase();
  const validate = () =>
    createValidate({ pool: db.pool, catalog: new Map([[pipeline.name, pipeline]]), baseDir: root });

  /** Stages `rows` as the input table and returns the step input that points at it. */
  async function stage(step: string, runId: string, table: string, rows: Record<string, unknown>[]) {
    async function* each() {
      yield* rows;
    }
    await writeStaging(db.pool, table, each(), () => undefined);
    return stepInput(step, runId, table, rows.length);
  }

  async function quarantined(runId: string, step: string) {
    const { rows } = await db.pool.query(
      `SELECT pipeline, workflow_id, run_id, step, row_number::int, row, issues FROM sluice.quarantine
       WHERE workflow_id = $1 AND run_id = $2 AND step = $3 ORDER BY row_number`,
      [WORKFLOW, runId, step],
    );
    return rows;
  }

  async function stagedRows(table: string): Promise<Record<string, unknown>[]> {
    const { rows } = await db.pool.query(`SELECT data FROM sluice_staging."${table}" ORDER BY _sluice_row`);
    return rows.map((r: { data: Record<string, unknown> }) => r.data);
  }

  async function tableExists(table: string): Promise<boolean> {
    const { rows } = await db.pool.query('SELECT to_regclass($1) IS NOT NULL AS exists', [
      `sluice_staging.${table}`,
    ]);
    return rows[0].exists;
  }

  return { db, validate, stage, quarantined, stagedRows, tableExists };
}
