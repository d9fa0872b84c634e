// Contract files: parsed with defaults, every problem listed at once, and a catalog check that names unusable contracts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { catalogContractProblems } from '../../activities/validate/catalog-contracts';
import { ContractError } from '../../activities/validate/contract-error';
import { loadContractFile, parseContract } from '../../activities/validate/contract-file';
import { resolveContract } from '../../activities/validate/resolve-contract';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { allTypesZod, root } from './validate-contract-fixtures';

test('a contract file becomes a ContractSpec with defaults filled in', async () => {
  const spec = await loadContractFile(
    path.join(root, 'example/contracts/orders.yml'),
    'example/contracts/orders.yml',
  );
  assert.deepEqual(spec, {
    dataset: 'stg_orders',
    description: 'Customer orders from the sample CSV, one row per order.',
    owner: 'data-platform',
    columns: [
      {
        name: 'order_id',
        type: 'integer',
        description: "The order's number in the shop; the load merges on it.",
        required: true,
        unique: true,
        min: 1,
      },
      { name: 'customer_id', type: 'string', required: true, unique: false, pattern: '^C\\d{3}$' },
      {
        name: 'status',
        type: 'string',
        required: true,
        unique: false,
        enum: ['placed', 'shipped', 'delivered', 'cancelled'],
      },
      {
        name: 'amount',
        type: 'number',
        description: "Order total in the shop's currency.",
        required: true,
        unique: false,
        min: 0,
        max: 1000000,
      },
      { name: 'ordered_at', type: 'timestamp', required: true, unique: false },
    ],
  });
  const all = await loadContractFile(
    path.join(root, 'tests/fixtures/contracts/all-types.yml'),
    'all-types.yml',
  );
  assert.deepEqual(all.freshness, { column: 'seen_at', warnThreshold: '2h', errorThreshold: '24h' });
});

test('a broken contract file lists every problem at once, naming the file and each field', async () => {
  await assert.rejects(
    resolveContract({ file: 'tests/fixtures/contracts/broken.yml' }, root),
    (err: Error) => {
      assert.ok(err instanceof ContractError);
      assert.equal(err.file, 'tests/fixtures/contracts/broken.yml');
      assert.deepEqual(err.problems, [
        'unknown key "table" (name the dataset with "dataset"); allowed: dataset, description, owner, coerce, columns, freshness',
        'owner: is required: a team or person to contact',
        'coerce: must be true or false, got "sometimes"',
        'columns[0] (order_id).type: unknown type "decimal(10,2)"; use one of string, integer, number, boolean, date, timestamp, email, uuid',
        'columns[0] (order_id).required: must be true or false, got "yes-please"',
        'columns[1] (Amount).name: "Amount" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters',
        'columns[1] (Amount).min: 10 is greater than max 5',
        'columns[2] (status).coerce: must be true or false, got 1',
        'columns[2] (status).enum: must be a non-empty list of values, got "placed, shipped"',
        'columns[3] (code).pattern: "[a-" is not a valid regular expression: Invalid regular expression: /[a-/u: Unterminated character class',
        'columns[4] (code): unknown key "constraints" (put min and max on the column itself); allowed: name, type, description, required, unique, coerce, enum, min, max, min_length, max_length, pattern',
        'columns[4] (code).enum: value "2" at position 1 is not an integer',
        'columns[4] (code).name: "code" is declared twice',
        'freshness.column: "status" is a string column; use a date or timestamp column',
        'freshness.warn_threshold: "soon" is not a positive duration like \'2h\'',
      ]);
      assert.match(
        err.message,
        /^contract tests\/fixtures\/contracts\/broken\.yml is invalid:\n {2}- unknown key "table"/,
      );
      return true;
    },
  );
});

test('rules that do not fit the column type, and YAML syntax errors, are named with their field or line', () => {
  const problems = (text: string) => {
    try {
      parseContract(text, 'x.yml');
      return [];
    } catch (err) {
      return (err as ContractError).problems;
    }
  };
  const head = 'description: d\nowner: o\ncolumns:\n';
  assert.deepEqual(
    problems(
      `${head}  - { name: a, type: string, min: 1, enum: [x] }\n  - { name: b, type: integer, pattern: '^1', max_length: 3 }\n  - { name: c, type: date, enum: ['2024-01-01'] }\n  - { name: d, type: string, enum: [1] }\n  - { name: e, type: number, min: 'zero' }\n  - just-a-string\n`,
    ),
    [
      'columns[0] (a).min: applies to integer and number columns, not string; use min_length / max_length',
      'columns[0] (a).enum: lists every allowed value already; drop min',
      'columns[1] (b).max_length: applies to string, email and uuid columns, not integer',
      'columns[1] (b).pattern: applies to string, email and uuid columns, not integer',
      'columns[2] (c).enum: applies to string, integer, number and boolean columns, not date',
      'columns[3] (d).enum: value 1 at position 0 is not a string; quote it',
      'columns[4] (e).min: must be a number, got "zero"',
      'columns[5]: must be a mapping with name and type, got "just-a-string"',
    ],
  );
  assert.deepEqual(problems('description: d\nowner: o\nowner: p\ncolumns: [\n'), [
    'YAML: Map keys must be unique at line 3, column 1',
    'YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 5, column 1',
  ]);
  assert.deepEqual(problems(''), ['must be a YAML mapping with description, owner and columns, got null']);
  assert.deepEqual(problems('description: d\nowner: o\ncolumns: []\n'), [
    'columns: must list at least one column (name, type, ...), got a list',
  ]);
});

test('a missing contract file is a ContractError naming the path', async () => {
  await assert.rejects(resolveContract({ file: 'example/contracts/nope.yml' }, root), (err: Error) => {
    assert.ok(err instanceof ContractError);
    assert.deepEqual(err.problems, [
      `the file does not exist (looked at ${path.join(root, 'example/contracts/nope.yml')})`,
    ]);
    return true;
  });
});

test('a zod contract whose unique names a field it lacks is refused', async () => {
  await assert.rejects(
    resolveContract({ schema: allTypesZod, unique: ['id', 'nope'] }, root),
    (err: Error) => {
      assert.deepEqual((err as ContractError).problems, ['unique names "nope", not fields of the schema']);
      return true;
    },
  );
});

test('a catalog check names every validate step whose contract cannot be used, so a worker can refuse to start', async () => {
  const pipeline = definePipeline({
    name: 'contracts_test',
    description: 'test',
    owner: 'tests',
    steps: [
      { kind: 'fetch', id: 'fetch_rows', source: { kind: 'file', path: 'unused.csv', format: 'csv' } },
      {
        kind: 'validate',
        id: 'validate_good',
        input: 'fetch_rows',
        contract: { file: 'example/contracts/orders.yml' },
      },
      { kind: 'validate', id: 'validate_zod', input: 'fetch_rows', contract: { schema: allTypesZod } },
      {
        kind: 'validate',
        id: 'validate_broken',
        input: 'fetch_rows',
        contract: { file: 'tests/fixtures/contracts/broken.yml' },
      },
      {
        kind: 'validate',
        id: 'validate_gone',
        input: 'fetch_rows',
        contract: { file: 'example/contracts/gone.yml' },
      },
    ],
  });
  const problems = await catalogContractProblems(new Map([[pipeline.name, pipeline]]), root);
  assert.equal(problems.length, 2);
  assert.match(
    problems[0] as string,
    /^pipeline "contracts_test" step "validate_broken": contract tests\/fixtures\/contracts\/broken\.yml is invalid:\n/,
  );
  assert.equal(
    problems[1],
    `pipeline "contracts_test" step "validate_gone": contract example/contracts/gone.yml is invalid:\n  - the file does not exist (looked at ${path.join(root, 'example/contracts/gone.yml')})`,
  );
});
