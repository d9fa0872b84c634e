// The validate activity on real PostgreSQL: pass-through, quarantine, threshold, fail-fast checks and retries.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { z } from 'zod';
import { stagingTableName } from '../../activities/staging/staging-name';
import { writeStaging } from '../../activities/staging/staging-writer';
import { createValidate } from '../../activities/validate/validate-activity';
import { definePipeline } from '../../core/define-pipeline';
import type { StepInput } from '../../core/run-types';
import { runActivity } from '../support/run-activity';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const root = path.resolve(__dirname, '../..');
const WORKFLOW = 'sluice/validate_test/manual-1';
const ORDERS = 'tests/fixtures/contracts/orders.yml';
const STATUSES = '"placed"|"shipped"|"delivered"|"cancelled"';

let db: TestDatabase;
before(async () => {
  db = await startTestDatabase();
});
after(async () => {
  await db.stop();
});

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

const validate = () =>
  createValidate({ pool: db.pool, catalog: new Map([[pipeline.name, pipeline]]), baseDir: root });

function stepInput(step: string, runId: string, table: string, rows: number): StepInput {
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
function order(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
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

function without(row: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)));
}

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

/** Asserts a terminal Sluice failure of `type` with exactly `message`. */
function failure(type: string, message: string) {
  return (err: Error & { type?: string; nonRetryable?: boolean }) => {
    assert.equal(err.type, type);
    assert.equal(err.nonRetryable, true);
    assert.equal(err.message, message);
    return true;
  };
}

const prefix = (step: string) => `validate_test/${step} (run ${WORKFLOW}): `;

test('valid rows go on coerced, and a row that breaks the contract is quarantined with its reason', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => order(i + 1));
  rows[1] = order(2, { note: 'gift', status: 'shipped', amount: '0' });
  rows[6] = order(7, { amount: '-5' });
  const input = await stage('validate_orders', 'run-ok', 'r_val_ok', rows);
  const result = await runActivity(validate(), [input]);
  const table = stagingTableName(WORKFLOW, 'run-ok', 'validate_orders');
  // 1 of 20 is exactly 5 %: not above the default maxInvalidRatio, so the step passes.
  assert.deepEqual(result, { rowsIn: 20, rowsOut: 19, rowsRejected: 1, output: { table, rows: 19 } });
  const out = await stagedRows(table);
  assert.equal(out.length, 19);
  assert.deepEqual(out.slice(0, 2), [
    { order_id: 1, customer_id: 'C001', status: 'placed', amount: 10.5, ordered_at: '2026-11-21T01:04:00Z' },
    {
      order_id: 2,
      customer_id: 'C002',
      status: 'shipped',
      amount: 0,
      note: 'gift',
      ordered_at: '2026-11-21T01:04:00Z',
    },
  ]);
  assert.deepEqual(
    out.map((r) => r.order_id),
    [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
  );
  assert.deepEqual(await quarantined('run-ok', 'validate_orders'), [
    {
      pipeline: 'validate_test',
      workflow_id: WORKFLOW,
      run_id: 'run-ok',
      step: 'validate_orders',
      row_number: 7,
      row: order(7, { amount: '-5' }),
      issues: [{ path: ['amount'], code: 'too_small', message: 'Too small: expected number to be >=0' }],
    },
  ]);
});

const overRows = () => {
  const rows = Array.from({ length: 10 }, (_, i) => order(i + 1));
  rows[1] = order(2, { status: 'lost' });
  rows[4] = order(5, { status: 'lost', amount: '-1' });
  rows[7] = order(8, { amount: 'abc' });
  rows[8] = order(9, { customer_id: '' });
  return rows;
};

const overIssues = [
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

test('above maxInvalidRatio the step fails as SluiceBadInput after quarantining, with counts and top reasons', async () => {
  const input = await stage('validate_orders', 'run-over', 'r_val_over', overRows());
  const expected =
    prefix('validate_orders') +
    `4 of 10 rows (40%) break the contract in ${ORDERS}, more than maxInvalidRatio 0.05 (5%) allows; most common: ` +
    `status: Invalid option: expected one of ${STATUSES} (2 rows); ` +
    'amount: Invalid input: expected number, received string (1 row); ' +
    'amount: Too small: expected number to be >=0 (1 row). ' +
    `The rejected rows are in sluice.quarantine (workflow_id '${WORKFLOW}', run_id 'run-over', step 'validate_orders'); ` +
    'fix the source data or the contract and start a new run';
  await assert.rejects(runActivity(validate(), [input]), failure('SluiceBadInput', expected));
  const rows = await quarantined('run-over', 'validate_orders');
  assert.deepEqual(
    rows.map((r) => [r.row_number, r.issues]),
    overIssues,
  );
  assert.deepEqual(rows[3].row, order(9, { customer_id: '' }));
  // Repeating the failed attempt (as a retry or a re-run of the same run would) quarantines nothing twice.
  await assert.rejects(runActivity(validate(), [input]), failure('SluiceBadInput', expected));
  await assert.rejects(runActivity(validate(), [input]), failure('SluiceBadInput', expected));
  assert.equal((await quarantined('run-over', 'validate_orders')).length, 4);
});

test('maxInvalidRatio 0 fails on a single rejected row', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => order(i + 1));
  rows[19] = order(20, { ordered_at: '2026-11-21 01:04' });
  const input = await stage('validate_orders_strict', 'run-strict', 'r_val_strict', rows);
  await assert.rejects(
    runActivity(validate(), [input]),
    failure(
      'SluiceBadInput',
      prefix('validate_orders_strict') +
        `1 of 20 rows (5%) break the contract in ${ORDERS}, more than maxInvalidRatio 0 (0%) allows; most common: ordered_at: Invalid ISO datetime (1 row). ` +
        `The rejected rows are in sluice.quarantine (workflow_id '${WORKFLOW}', run_id 'run-strict', step 'validate_orders_strict'); ` +
        'fix the source data or the contract and start a new run',
    ),
  );
  assert.deepEqual(
    (await quarantined('run-strict', 'validate_orders_strict')).map((r) => r.row_number),
    [20],
  );
});

test('a validate retried twice leaves each rejected row in quarantine once, and the same output', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => order(i + 1, i % 20 === 0 ? { status: '' } : {}));
  const input = await stage('validate_orders', 'run-retry', 'r_val_retry', rows);
  const results = [];
  for (let attempt = 0; attempt < 3; attempt += 1) results.push(await runActivity(validate(), [input]));
  const table = stagingTableName(WORKFLOW, 'run-retry', 'validate_orders');
  for (const result of results) {
    assert.deepEqual(result, { rowsIn: 40, rowsOut: 38, rowsRejected: 2, output: { table, rows: 38 } });
  }
  assert.deepEqual(
    (await quarantined('run-retry', 'validate_orders')).map((r) => r.row_number),
    [1, 21],
  );
  assert.equal((await stagedRows(table)).length, 38);
});

test('an attempt cancelled part-way leaves no quarantine rows and no output; the next one writes each once', async () => {
  // 3 of every 5 rows are rejected: 600 are in quarantine's open transaction when the first heartbeat cancels.
  const rows = Array.from({ length: 2500 }, (_, i) => order(i + 1, i % 5 < 3 ? { amount: '-1' } : {}));
  const input = await stage('validate_orders_lenient', 'run-cancel', 'r_val_cancel', rows);
  const env = new MockActivityEnvironment();
  env.once('heartbeat', () => env.cancel());
  await assert.rejects(runActivity(validate(), [input], env), { name: 'AbortError' });
  // Every connection the attempt took (reader, writer, quarantine) is back in the pool when it rejects.
  assert.equal(db.pool.idleCount, db.pool.totalCount);
  assert.deepEqual(await quarantined('run-cancel', 'validate_orders_lenient'), []);
  assert.equal(await tableExists(stagingTableName(WORKFLOW, 'run-cancel', 'validate_orders_lenient')), false);

  const heartbeats: unknown[] = [];
  const retry = new MockActivityEnvironment();
  retry.on('heartbeat', (details: unknown) => heartbeats.push(details));
  const result = await runActivity(validate(), [input], retry);
  assert.deepEqual(result, {
    rowsIn: 2500,
    rowsOut: 1000,
    rowsRejected: 1500,
    output: { table: stagingTableName(WORKFLOW, 'run-cancel', 'validate_orders_lenient'), rows: 1000 },
  });
  assert.deepEqual(heartbeats, [
    { rowsIn: 1000, rowsOut: 400, rowsRejected: 600 },
    { rowsIn: 2000, rowsOut: 800, rowsRejected: 1200 },
    { rowsIn: 2500, rowsOut: 1000, rowsRejected: 1500 },
  ]);
  const { rows: counts } = await db.pool.query(
    `SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS distinct_rows, min(row_number)::int AS first
     FROM sluice.quarantine WHERE run_id = 'run-cancel'`,
  );
  assert.deepEqual(counts[0], { n: 1500, distinct_rows: 1500, first: 1 });
});

test('an empty input fails fast as SluiceBadInput, passing nothing on', async () => {
  const input = await stage('validate_orders', 'run-empty', 'r_val_empty', []);
  await assert.rejects(
    runActivity(validate(), [input]),
    failure(
      'SluiceBadInput',
      `${prefix('validate_orders')}the input from fetch_orders cannot be validated against the contract in ${ORDERS}: the input has no rows. ` +
        'No row was passed on or quarantined; fix the source data and start a new run',
    ),
  );
  assert.equal(await tableExists(stagingTableName(WORKFLOW, 'run-empty', 'validate_orders')), false);
  assert.deepEqual(await quarantined('run-empty', 'validate_orders'), []);
});

test('required columns absent from every row fail fast, naming them and the columns there are', async () => {
  const rows = Array.from({ length: 5 }, (_, i) => without(order(i + 1), 'customer_id', 'amount'));
  const input = await stage('validate_orders', 'run-missing', 'r_val_missing', rows);
  await assert.rejects(
    runActivity(validate(), [input]),
    failure(
      'SluiceBadInput',
      `${prefix('validate_orders')}the input from fetch_orders cannot be validated against the contract in ${ORDERS}: ` +
        "required columns customer_id, amount are in no row (the input's columns: note, order_id, ordered_at, status). " +
        'No row was passed on or quarantined; fix the source data and start a new run',
    ),
  );
  assert.deepEqual(await quarantined('run-missing', 'validate_orders'), []);
});

test('duplicate keys in a unique column fail fast with examples, together with other input problems', async () => {
  const ids = [1, 2, 3, 4, 5, 3, 7, 8, 5, 5, 11];
  const rows = ids.map((id) => order(id));
  rows[10] = order(11, { order_id: ' ' }); // blank is missing, not a duplicate
  rows.push(order(12, { order_id: ' ' }));
  const input = await stage('validate_orders', 'run-dup', 'r_val_dup', rows);
  const problem =
    'order_id must be unique but 2 values repeat (5 rows): "5" in rows 5, 9, 10; "3" in rows 3, 6';
  await assert.rejects(
    runActivity(validate(), [input]),
    failure(
      'SluiceBadInput',
      `${prefix('validate_orders')}the input from fetch_orders cannot be validated against the contract in ${ORDERS}: ${problem}. ` +
        'No row was passed on or quarantined; fix the source data and start a new run',
    ),
  );
  const withoutAmount = rows.map((row) => without(row, 'amount'));
  const both = await stage('validate_orders', 'run-dup2', 'r_val_dup2', withoutAmount);
  await assert.rejects(
    runActivity(validate(), [both]),
    failure(
      'SluiceBadInput',
      `${prefix('validate_orders')}the input from fetch_orders cannot be validated against the contract in ${ORDERS}: ` +
        "required column amount is in no row (the input's columns: customer_id, note, order_id, ordered_at, status); " +
        `${problem}. No row was passed on or quarantined; fix the source data and start a new run`,
    ),
  );
});

test('a zod schema contract judges the same rows as its YAML twin, unique keys included', async () => {
  const input = await stage('validate_orders_zod', 'run-over', 'r_val_zod', overRows());
  const result = await runActivity(validate(), [input]);
  assert.deepEqual(result, {
    rowsIn: 10,
    rowsOut: 6,
    rowsRejected: 4,
    output: { table: stagingTableName(WORKFLOW, 'run-over', 'validate_orders_zod'), rows: 6 },
  });
  const rows = await quarantined('run-over', 'validate_orders_zod');
  assert.deepEqual(
    rows.map((r) => [r.row_number, r.issues]),
    overIssues,
  );
  const dup = await stage('validate_orders_zod', 'run-zod-dup', 'r_val_zod_dup', [order(1), order(1)]);
  await assert.rejects(
    runActivity(validate(), [dup]),
    failure(
      'SluiceBadInput',
      `${prefix('validate_orders_zod')}the input from fetch_orders cannot be validated against the step's zod schema: ` +
        'order_id must be unique but 1 value repeats (2 rows): "1" in rows 1, 2. ' +
        'No row was passed on or quarantined; fix the source data and start a new run',
    ),
  );
});

test('wrong types, nulls, huge strings and odd characters are quarantined or passed on intact', async () => {
  const odd = 'tab\there "quoted" back\\slash\nnewline é 😀 \u200b\u202e\uFFFD\u2028 \'single\'';
  const rows = [
    {
      order_id: 1,
      customer_id: 'C001',
      status: 'placed',
      amount: 1.25,
      note: odd,
      ordered_at: '2026-11-21T01:04:00Z',
    },
    order(2, { note: 'x'.repeat(2_000_000) }),
    order(3, { order_id: { nested: true } }),
    order(4, { status: null }),
    order(5, { amount: true, customer_id: ['C005'] }),
    order(6, { amount: 99999999 }),
    order(7, { extra: 'dropped' }),
  ];
  const input = await stage('validate_orders_lenient', 'run-odd', 'r_val_odd', rows);
  const result = await runActivity(validate(), [input]);
  const table = stagingTableName(WORKFLOW, 'run-odd', 'validate_orders_lenient');
  assert.deepEqual(result, { rowsIn: 7, rowsOut: 2, rowsRejected: 5, output: { table, rows: 2 } });
  assert.deepEqual(await stagedRows(table), [
    {
      order_id: 1,
      customer_id: 'C001',
      status: 'placed',
      amount: 1.25,
      note: odd,
      ordered_at: '2026-11-21T01:04:00Z',
    },
    { order_id: 7, customer_id: 'C007', status: 'placed', amount: 10.5, ordered_at: '2026-11-21T01:04:00Z' },
  ]);
  const quarantine = await quarantined('run-odd', 'validate_orders_lenient');
  assert.deepEqual(
    quarantine.map((r) => [r.row_number, r.issues]),
    [
      [
        2,
        [{ path: ['note'], code: 'too_big', message: 'Too big: expected string to have <=100 characters' }],
      ],
      [
        3,
        [
          {
            path: ['order_id'],
            code: 'invalid_type',
            message: 'Invalid input: expected number, received object',
          },
        ],
      ],
      [
        4,
        [
          {
            path: ['status'],
            code: 'sluice_missing',
            message: 'Required: the value is missing (blank, null or absent)',
          },
        ],
      ],
      [
        5,
        [
          {
            path: ['customer_id'],
            code: 'invalid_type',
            message: 'Invalid input: expected string, received array',
          },
          {
            path: ['amount'],
            code: 'invalid_type',
            message: 'Invalid input: expected number, received boolean',
          },
        ],
      ],
      [6, [{ path: ['amount'], code: 'too_big', message: 'Too big: expected number to be <=1000000' }]],
    ],
  );
  // The quarantined row is the row as it arrived, huge string and all.
  assert.equal((quarantine[0].row as { note: string }).note.length, 2_000_000);
  assert.deepEqual(quarantine[1].row, order(3, { order_id: { nested: true } }));
});

test('a schema that throws or yields what PostgreSQL cannot store rejects the row instead of crash-looping', async () => {
  const rows = [
    { order_id: '1', name: 'ok', big: '12345678901234567890' },
    { order_id: 'boom', name: 'x' },
    { order_id: '3', name: 'nul' },
  ];
  const input = await stage('validate_orders_tricky', 'run-tricky', 'r_val_tricky', rows);
  const result = await runActivity(validate(), [input]);
  const table = stagingTableName(WORKFLOW, 'run-tricky', 'validate_orders_tricky');
  assert.deepEqual(result, { rowsIn: 3, rowsOut: 1, rowsRejected: 2, output: { table, rows: 1 } });
  assert.deepEqual(await stagedRows(table), [{ order_id: '1', name: 'ok', big: '12345678901234567890' }]);
  assert.deepEqual(
    (await quarantined('run-tricky', 'validate_orders_tricky')).map((r) => [r.row_number, r.issues]),
    [
      [2, [{ path: [], code: 'sluice_schema_threw', message: "the contract's schema threw: kaboom" }]],
      [
        3,
        [
          {
            path: ['name'],
            code: 'sluice_unstorable',
            message: 'cannot be stored: contains a NUL character, which PostgreSQL text cannot hold',
          },
        ],
      ],
    ],
  );
});

test('a broken contract file fails the step as SluiceDefinitionError listing every problem', async () => {
  const input = await stage('validate_orders_broken', 'run-broken', 'r_val_broken', [order(1)]);
  await assert.rejects(
    runActivity(validate(), [input]),
    (err: Error & { type?: string; nonRetryable?: boolean }) => {
      assert.equal(err.type, 'SluiceDefinitionError');
      assert.equal(err.nonRetryable, true);
      const lines = err.message.split('\n');
      assert.equal(
        lines[0],
        `${prefix('validate_orders_broken')}contract tests/fixtures/contracts/broken.yml is invalid:`,
      );
      assert.equal(lines.length, 14);
      assert.equal(
        lines[3],
        '  - columns[0] (order_id).type: unknown type "decimal(10,2)"; use one of string, integer, number, boolean, date, timestamp, email, uuid',
      );
      assert.equal(
        lines[13],
        '  - freshness.warn_threshold: "soon" is not a positive duration like \'2h\'. Fix the contract and start a new run',
      );
      return true;
    },
  );
});

test('an input emptied by a crash fails with SluiceStagingLost before anything is judged', async () => {
  const input = await stage('validate_orders', 'run-lost', 'r_val_lost', [order(1), order(2)]);
  const claimed = { ...input, inputs: { fetch_orders: { table: 'r_val_lost', rows: 5 } } };
  await assert.rejects(
    runActivity(validate(), [claimed]),
    failure(
      'SluiceStagingLost',
      `${prefix('validate_orders')}staging table r_val_lost holds 2 rows, expected 5. Sluice re-runs the step that produced it`,
    ),
  );
});
