// The validate activity on real PostgreSQL with zod schema contracts, and odd values quarantined or passed on intact.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stagingTableName } from '../../activities/staging/staging-name';
import { runActivity } from '../support/run-activity';
import {
  failure,
  order,
  overIssues,
  overRows,
  prefix,
  useValidateDatabase,
  WORKFLOW,
} from './validate-fixtures';

const { validate, stage, quarantined, stagedRows } = useValidateDatabase();

test('a zod schema contract judges the same rows as its YAML twin, unique keys included', async () => {
  const input = await stage('validate_orders_zod', 'run-over', 'r_val_zod', overRows());
  const result = await runActivity(validate(), [input]);
  assert.deepEqual(result, {
    rowsIn: 10,
    rowsOut: 6,
    rowsRejected: 4,
    output: {
      table: stagingTableName(WORKFLOW, 'run-over', 'validate_orders_zod'),
      rows: 6,
      values: 'typed',
    },
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
  assert.deepEqual(result, {
    rowsIn: 7,
    rowsOut: 2,
    rowsRejected: 5,
    output: { table, rows: 2, values: 'typed' },
  });
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
  assert.deepEqual(result, {
    rowsIn: 3,
    rowsOut: 1,
    rowsRejected: 2,
    output: { table, rows: 1, values: 'typed' },
  });
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
