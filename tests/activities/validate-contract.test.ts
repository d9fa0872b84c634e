// Contract files: parsing, every problem at once, and a YAML contract agreeing with hand-written zod row for row.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { readFileRows } from '../../activities/fetch/file-source';
import { catalogContractProblems } from '../../activities/validate/catalog-contracts';
import { ContractError } from '../../activities/validate/contract-error';
import { loadContractFile, parseContract } from '../../activities/validate/contract-file';
import { resolveContract } from '../../activities/validate/resolve-contract';
import {
  judgeRow,
  MISSING_CODE,
  MISSING_MESSAGE,
  type Verdict,
} from '../../activities/validate/row-validator';
import { definePipeline } from '../../core/define-pipeline';

const root = path.resolve(__dirname, '../..');

/** The hand-written twin of tests/fixtures/contracts/all-types.yml, in other zod idioms on purpose. */
const allTypesZod = z.object({
  id: z.number().int().gte(1).lte(1_000_000),
  code: z.string().regex(/^[A-Z]{3}$/u),
  label: z.string().min(2).max(10).optional(),
  status: z.enum(['open', 'closed']).nullish(),
  score: z.number().min(0).max(1).optional(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  active: z.boolean(),
  born_on: z.iso.date().optional(),
  seen_at: z.iso.datetime({ offset: true }).optional(),
  email: z.email().optional(),
  ref: z.uuid().optional(),
});

const csvRow = {
  id: '7',
  code: 'ABC',
  label: 'hello',
  status: 'open',
  score: '0.25',
  level: '2',
  active: 'true',
  born_on: '2024-02-29',
  seen_at: '2026-11-21T01:04:00Z',
  email: 'ann@example.com',
  ref: '123e4567-e89b-12d3-a456-426614174000',
};
const typedRow = { ...csvRow, id: 7, score: 0.25, level: 2, active: true };
const fullOutput = typedRow;
const minimalOutput = { id: 7, code: 'ABC', active: true };
const blanks = { label: '', status: ' ', score: '', level: '', born_on: '', seen_at: '', email: '', ref: '' };
const nulls = {
  label: null,
  status: null,
  score: null,
  level: null,
  born_on: null,
  seen_at: null,
  email: null,
  ref: null,
};

type Expected = { output: Record<string, unknown> } | { issues: [string, string, string][] };
const ok = (output: Record<string, unknown>): Expected => ({ output });
const bad = (field: string, code: string, message: string): Expected => ({
  issues: [[field, code, message]],
});

const cases: [string, Record<string, unknown>, Expected][] = [
  ['CSV text', csvRow, ok(fullOutput)],
  ['the same row typed, as from NDJSON', typedRow, ok(fullOutput)],
  ['optional columns blank', { ...csvRow, ...blanks }, ok(minimalOutput)],
  ['optional columns null', { ...typedRow, ...nulls }, ok(minimalOutput)],
  ['optional columns absent', { id: '7', code: 'ABC', active: 'true' }, ok(minimalOutput)],
  ['columns outside the contract are dropped', { ...csvRow, extra: 'x' }, ok(fullOutput)],
  ['integer with spaces', { ...csvRow, id: ' 7 ' }, ok(fullOutput)],
  ['integer in exponent notation', { ...csvRow, id: '7e0' }, ok(fullOutput)],
  ['integer written 7.0', { ...csvRow, id: '7.0' }, ok(fullOutput)],
  ['boolean spelled yes', { ...csvRow, active: 'YES' }, ok(fullOutput)],
  ['boolean as JSON 1', { ...typedRow, active: 1 }, ok(fullOutput)],
  ['boolean spelled f', { ...csvRow, active: 'f' }, ok({ ...fullOutput, active: false })],
  [
    'timestamp with an offset',
    { ...csvRow, seen_at: '2026-11-21T03:04:00+02:00' },
    ok({ ...fullOutput, seen_at: '2026-11-21T03:04:00+02:00' }),
  ],
  ['string column given a JSON number', { ...csvRow, label: 12345 }, ok({ ...fullOutput, label: '12345' })],
  [
    'odd characters in a string',
    { ...csvRow, label: 'zé\u200b😀\u2028' },
    ok({ ...fullOutput, label: 'zé\u200b😀\u2028' }),
  ],
  ['required integer blank', { ...csvRow, id: '' }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
  ['required integer null', { ...typedRow, id: null }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
  ['required integer absent', { code: 'ABC', active: 'true' }, bad('id', MISSING_CODE, MISSING_MESSAGE)],
  ['required boolean blank', { ...csvRow, active: '' }, bad('active', MISSING_CODE, MISSING_MESSAGE)],
  [
    'integer 1.5',
    { ...csvRow, id: '1.5' },
    bad('id', 'invalid_type', 'Invalid input: expected int, received number'),
  ],
  [
    'integer below min',
    { ...csvRow, id: '0' },
    bad('id', 'too_small', 'Too small: expected number to be >=1'),
  ],
  [
    'integer above max',
    { ...csvRow, id: 1000001 },
    bad('id', 'too_big', 'Too big: expected number to be <=1000000'),
  ],
  [
    'integer as words',
    { ...csvRow, id: 'seven' },
    bad('id', 'invalid_type', 'Invalid input: expected number, received string'),
  ],
  [
    'integer in hex',
    { ...csvRow, id: '0x7' },
    bad('id', 'invalid_type', 'Invalid input: expected number, received string'),
  ],
  [
    'integer with a thousands separator',
    { ...csvRow, id: '1,000' },
    bad('id', 'invalid_type', 'Invalid input: expected number, received string'),
  ],
  [
    'integer past 2^53',
    { ...csvRow, id: '9007199254740993' },
    {
      issues: [
        ['id', 'too_big', 'Too big: expected int to be <=9007199254740991'],
        ['id', 'too_big', 'Too big: expected number to be <=1000000'],
      ],
    },
  ],
  [
    'integer given a JSON boolean',
    { ...typedRow, id: true },
    bad('id', 'invalid_type', 'Invalid input: expected number, received boolean'),
  ],
  [
    'integer given a list',
    { ...typedRow, id: [7] },
    bad('id', 'invalid_type', 'Invalid input: expected number, received array'),
  ],
  [
    'number Infinity',
    { ...csvRow, score: 'Infinity' },
    bad('score', 'invalid_type', 'Invalid input: expected number, received string'),
  ],
  [
    'number above max',
    { ...csvRow, score: '1.5' },
    bad('score', 'too_big', 'Too big: expected number to be <=1'),
  ],
  [
    'pattern not matched',
    { ...csvRow, code: 'abc' },
    bad('code', 'invalid_format', 'Invalid string: must match pattern /^[A-Z]{3}$/u'),
  ],
  [
    'pattern and a letter outside A-Z',
    { ...csvRow, code: 'ÅBC' },
    bad('code', 'invalid_format', 'Invalid string: must match pattern /^[A-Z]{3}$/u'),
  ],
  [
    'string given an object',
    { ...typedRow, code: { a: 1 } },
    bad('code', 'invalid_type', 'Invalid input: expected string, received object'),
  ],
  [
    'string too short',
    { ...csvRow, label: 'a' },
    bad('label', 'too_small', 'Too small: expected string to have >=2 characters'),
  ],
  [
    'huge string',
    { ...csvRow, label: 'x'.repeat(1_000_000) },
    bad('label', 'too_big', 'Too big: expected string to have <=10 characters'),
  ],
  [
    'enum value in other case',
    { ...csvRow, status: 'OPEN' },
    bad('status', 'invalid_value', 'Invalid option: expected one of "open"|"closed"'),
  ],
  [
    'integer enum value not listed',
    { ...csvRow, level: '4' },
    bad('level', 'invalid_value', 'Invalid option: expected one of 1|2|3'),
  ],
  [
    'boolean maybe',
    { ...csvRow, active: 'maybe' },
    bad('active', 'invalid_type', 'Invalid input: expected boolean, received string'),
  ],
  [
    'boolean as JSON 2',
    { ...typedRow, active: 2 },
    bad('active', 'invalid_type', 'Invalid input: expected boolean, received number'),
  ],
  [
    'date not in the calendar',
    { ...csvRow, born_on: '2023-02-29' },
    bad('born_on', 'invalid_format', 'Invalid ISO date'),
  ],
  [
    'date with a time',
    { ...csvRow, born_on: '2024-02-29T00:00:00Z' },
    bad('born_on', 'invalid_format', 'Invalid ISO date'),
  ],
  [
    'timestamp without a zone',
    { ...csvRow, seen_at: '2026-11-21T01:04:00' },
    bad('seen_at', 'invalid_format', 'Invalid ISO datetime'),
  ],
  [
    'timestamp with a space',
    { ...csvRow, seen_at: '2026-11-21 01:04:00Z' },
    bad('seen_at', 'invalid_format', 'Invalid ISO datetime'),
  ],
  [
    'email without a domain',
    { ...csvRow, email: 'ann@' },
    bad('email', 'invalid_format', 'Invalid email address'),
  ],
  ['uuid too short', { ...csvRow, ref: '123e4567' }, bad('ref', 'invalid_format', 'Invalid UUID')],
];

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

test('a contract file becomes a ContractSpec with defaults filled in', async () => {
  const spec = await loadContractFile(
    path.join(root, 'pipelines/contracts/orders.yml'),
    'pipelines/contracts/orders.yml',
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

test('the example contract accepts every row of the sample orders CSV', async () => {
  const contract = await resolveContract({ file: 'pipelines/contracts/orders.yml' }, root);
  const source = { kind: 'file', path: 'pipelines/data/orders.csv', format: 'csv' } as const;
  let rows = 0;
  for await (const row of readFileRows(source, root)) {
    const verdict = await judgeRow(contract, row);
    assert.equal(verdict.valid, true, JSON.stringify(row));
    rows += 1;
  }
  assert.equal(rows, 25);
});

test('a broken contract file lists every problem at once, naming the file and each field', async () => {
  await assert.rejects(
    resolveContract({ file: 'tests/fixtures/contracts/broken.yml' }, root),
    (err: Error) => {
      assert.ok(err instanceof ContractError);
      assert.equal(err.file, 'tests/fixtures/contracts/broken.yml');
      assert.deepEqual(err.problems, [
        'unknown key "table" (name the dataset with "dataset"); allowed: dataset, description, owner, columns, freshness',
        'owner: is required: a team or person to contact',
        'columns[0] (order_id).type: unknown type "decimal(10,2)"; use one of string, integer, number, boolean, date, timestamp, email, uuid',
        'columns[0] (order_id).required: must be true or false, got "yes-please"',
        'columns[1] (Amount).name: "Amount" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters',
        'columns[1] (Amount).min: 10 is greater than max 5',
        'columns[2] (status).enum: must be a non-empty list of values, got "placed, shipped"',
        'columns[3] (code).pattern: "[a-" is not a valid regular expression: Invalid regular expression: /[a-/u: Unterminated character class',
        'columns[4] (code): unknown key "constraints" (put min and max on the column itself); allowed: name, type, description, required, unique, enum, min, max, min_length, max_length, pattern',
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
  await assert.rejects(resolveContract({ file: 'pipelines/contracts/nope.yml' }, root), (err: Error) => {
    assert.ok(err instanceof ContractError);
    assert.deepEqual(err.problems, [
      `the file does not exist (looked at ${path.join(root, 'pipelines/contracts/nope.yml')})`,
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
        contract: { file: 'pipelines/contracts/orders.yml' },
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
        contract: { file: 'pipelines/contracts/gone.yml' },
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
    `pipeline "contracts_test" step "validate_gone": contract pipelines/contracts/gone.yml is invalid:\n  - the file does not exist (looked at ${path.join(root, 'pipelines/contracts/gone.yml')})`,
  );
});
