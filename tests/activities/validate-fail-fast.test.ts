// The validate activity on real PostgreSQL fails fast, before judging rows: empty input, missing columns, duplicates, broken contract, lost input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stagingTableName } from '../../activities/staging/staging-name';
import { runActivity } from '../support/run-activity';
import { failure, order, ORDERS, prefix, useValidateDatabase, without, WORKFLOW } from './validate-fixtures';

const { validate, stage, quarantined, tableExists } = useValidateDatabase();

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
      assert.equal(lines.length, 16);
      assert.equal(
        lines[4],
        '  - columns[0] (order_id).type: unknown type "decimal(10,2)"; use one of string, integer, number, boolean, date, timestamp, email, uuid',
      );
      assert.equal(
        lines[15],
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
