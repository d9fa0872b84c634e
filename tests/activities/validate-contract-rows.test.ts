// Contract rows: a YAML contract agreeing with hand-written zod row for row, and the example contract accepting the sample CSV.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileRows } from '../../activities/fetch/file-source';
import { resolveContract } from '../../activities/validate/resolve-contract';
import { judgeRow, type Verdict } from '../../activities/validate/row-validator';
import { allTypesZod, cases, root, type Expected } from './validate-contract-fixtures';

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

test('a YAML contract and the zod schema it describes accept and reject exactly the same rows', async () => {
  const fromYaml = await resolveContract({ file: 'tests/fixtures/contracts/all-types.yml' }, root);
  const fromZod = await resolveContract({ schema: allTypesZod, unique: ['id'] }, root);
  assert.deepEqual(fromYaml.requiredColumns, ['id', 'code', 'active']);
  assert.deepEqual(fromZod.requiredColumns, ['id', 'code', 'active']);
  assert.deepEqual(fromYaml.uniqueColumns, ['id']);
  assert.deepEqual(fromZod.uniqueColumns, ['id']);
  for (const [name, row, expected] of cases) {
    assert.deepEqual(simplify(await judgeRow(fromYaml, row)), expected, `YAML: ${name}`);
    // Other zod idioms may word a rejection differently (a union vs an enum); the verdict must not differ.
    assert.deepEqual(
      verdictOnly(simplify(await judgeRow(fromZod, row))),
      verdictOnly(expected),
      `zod: ${name}`,
    );
  }
});

test('the example contract accepts every row of the sample orders CSV', async () => {
  const contract = await resolveContract({ file: 'example/contracts/orders.yml' }, root);
  const source = { kind: 'file', path: 'example/data/orders.csv', format: 'csv' } as const;
  let rows = 0;
  for await (const row of readFileRows(source, root)) {
    const verdict = await judgeRow(contract, row);
    assert.equal(verdict.valid, true, JSON.stringify(row));
    rows += 1;
  }
  assert.equal(rows, 25);
});
