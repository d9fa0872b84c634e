// Contract rows: a YAML contract agreeing with hand-written zod row for row, from text and typed sources, and the example contract accepting the sample CSV.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { readFileRows } from '../../activities/fetch/file-source';
import { resolveContract, type ResolvedContract } from '../../activities/validate/resolve-contract';
import { rowReading } from '../../activities/validate/row-reading';
import { judgeRow, type Verdict } from '../../activities/validate/row-validator';
import type { StagedValues } from '../../core/run/run-types';
import {
  allTypesZod,
  coercedCases,
  coercedZod,
  root,
  textCases,
  typedCases,
  type Expected,
} from './validate-contract-fixtures';

function simplify(verdict: Verdict): Expected {
  if (verdict.valid) return { output: verdict.row };
  return { issues: verdict.issues.map((i) => [i.path.join('.'), i.code, i.message]) };
}

/** The output of a valid row, or the fields an invalid row was rejected for. */
function verdictOnly(expected: Expected) {
  return 'output' in expected
    ? expected
    : { rejectedFields: [...new Set(expected.issues.map(([field]) => field))] };
}

async function judged(contract: ResolvedContract, row: Record<string, unknown>, values: StagedValues) {
  return simplify(await judgeRow(contract, row, rowReading(contract.plans, { values })));
}

async function assertAgree(
  fromYaml: ResolvedContract,
  fromZod: ResolvedContract,
  cases: [string, Record<string, unknown>, Expected][],
  values: StagedValues,
) {
  for (const [name, row, expected] of cases) {
    assert.deepEqual(await judged(fromYaml, row, values), expected, `YAML, ${values}: ${name}`);
    // Other zod idioms may word a rejection differently (a union vs an enum); the verdict must not differ.
    assert.deepEqual(
      verdictOnly(await judged(fromZod, row, values)),
      verdictOnly(expected),
      `zod, ${values}: ${name}`,
    );
  }
}

test('a YAML contract and the zod schema it describes accept and reject exactly the same rows', async () => {
  const fromYaml = await resolveContract({ file: 'tests/fixtures/contracts/all-types.yml' }, root);
  const fromZod = await resolveContract({ schema: allTypesZod, unique: ['id'] }, root);
  assert.deepEqual(fromYaml.requiredColumns, ['id', 'code', 'active']);
  assert.deepEqual(fromZod.requiredColumns, ['id', 'code', 'active']);
  assert.deepEqual(fromYaml.uniqueColumns, ['id']);
  assert.deepEqual(fromZod.uniqueColumns, ['id']);
  await assertAgree(fromYaml, fromZod, textCases, 'text');
  await assertAgree(fromYaml, fromZod, typedCases, 'typed');
});

test('a contract that opts into coercion reads typed values as its types, in zod and YAML alike', async () => {
  const fromYaml = await resolveContract({ file: 'tests/fixtures/contracts/coerced.yml' }, root);
  const fromZod = await resolveContract(coercedZod, root);
  await assertAgree(fromYaml, fromZod, coercedCases, 'typed');
  // Without the option the same zod schema judges the values as sent.
  const strict = await resolveContract({ schema: coercedZod.schema }, root);
  assert.deepEqual(verdictOnly(await judged(strict, { id: '7', amount: '8745' }, 'typed')), {
    rejectedFields: ['id', 'amount'],
  });
  // A column may opt out of its contract's coercion, or opt in alone.
  assert.deepEqual(await judged(fromYaml, { id: 7, amount: 1, code: 12 }, 'typed'), {
    issues: [['code', 'invalid_type', 'Invalid input: expected string, received number']],
  });
  const oneColumn = await resolveContract({ file: 'tests/fixtures/contracts/coerce-column.yml' }, root);
  assert.deepEqual(await judged(oneColumn, { id: 7, amount: '87.45' }, 'typed'), {
    output: { id: 7, amount: 87.45 },
  });
  assert.deepEqual(await judged(oneColumn, { id: '7', amount: '87.45' }, 'typed'), {
    issues: [['id', 'invalid_type', 'Invalid input: expected number, received string']],
  });
});

test("a zod schema's own coercion is zod's: z.coerce.number() takes the text z.number() rejects", async () => {
  const plain = await resolveContract({ schema: z.object({ amount: z.number() }) }, root);
  const coercing = await resolveContract({ schema: z.object({ amount: z.coerce.number() }) }, root);
  assert.deepEqual(await judged(plain, { amount: '8745' }, 'typed'), {
    issues: [['amount', 'invalid_type', 'Invalid input: expected number, received string']],
  });
  assert.deepEqual(await judged(coercing, { amount: '8745' }, 'typed'), { output: { amount: 8745 } });
  // From a text source both read "8745" as the number it spells.
  assert.deepEqual(await judged(plain, { amount: '8745' }, 'text'), { output: { amount: 8745 } });
});

test('numbers PostgreSQL sends as exact text are numbers to a number column, and text to a string column', async () => {
  const contract = await resolveContract(
    { schema: z.object({ id: z.string(), amount: z.number(), note: z.number().nullish() }) },
    root,
  );
  const read = rowReading(contract.plans, { values: 'typed', numberText: ['id', 'amount'] });
  assert.deepEqual(simplify(await judgeRow(contract, { id: '9007199254740993', amount: '12.50' }, read)), {
    output: { id: '9007199254740993', amount: 12.5 },
  });
  // A text column's "8745" is text, whatever its digits.
  assert.deepEqual(simplify(await judgeRow(contract, { id: '1', amount: 1, note: '8745' }, read)), {
    issues: [['note', 'invalid_type', 'Invalid input: expected number, received string']],
  });
  assert.equal((await judgeRow(contract, { id: '1', amount: 'NaN' }, read)).valid, false);
});

test('the example contract accepts every row of the sample orders CSV', async () => {
  const contract = await resolveContract({ file: 'example/contracts/orders.yml' }, root);
  const source = { kind: 'file', path: 'example/data/orders.csv', format: 'csv' } as const;
  const reading = rowReading(contract.plans, { values: 'text' });
  let rows = 0;
  for await (const row of readFileRows(source, root)) {
    const verdict = await judgeRow(contract, row, reading);
    assert.equal(verdict.valid, true, JSON.stringify(row));
    rows += 1;
  }
  assert.equal(rows, 25);
});
