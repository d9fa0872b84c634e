// Fuzzes data contracts: broken YAML contract files end in a ContractError naming the file; any zod schema judges any row.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { ContractError } from '../../activities/validate/contract-error';
import { parseContract } from '../../activities/validate/contract-file';
import { resolveContract, type ResolvedContract } from '../../activities/validate/resolve-contract';
import { rowReading } from '../../activities/validate/row-reading';
import { judgeRow } from '../../activities/validate/row-validator';
import { ROOT } from '../support/run-process';
import { endsClearly, fuzz, guardFuzzFile } from './support/fuzz';
import { mutated } from './support/mutate';

guardFuzzFile('fuzz-contracts');

const CONTRACT_FILES = [
  'example/contracts/orders.yml',
  'example/contracts/expenses.yml',
  'tests/fixtures/contracts/all-types.yml',
];
let texts: string[] = [];
let docs: unknown[] = [];

let dir: string;
test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-fuzz-contracts-'));
  await mkdir(path.join(dir, 'contracts'));
  texts = await Promise.all(CONTRACT_FILES.map((file) => readFile(path.join(ROOT, file), 'utf8')));
  docs = texts.map((text) => parse(text) as unknown);
});

test.after(() => rm(dir, { recursive: true, force: true }));

const FILE = 'contracts/fuzzed.yml';
const refused = [{ type: ContractError, names: `contract ${FILE} is invalid:\n  - ` }];

/** Values a contract author could write in YAML, and some a careless one would. */
const yamlValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '(a+)+$',
    '^(\\d+)\\1$',
    '(?=x)y',
    '[',
    '\\u{1F600}',
    '\\p{L}+',
    'a'.repeat(1_001),
    'string',
    'integer',
    'timestamp',
    'date',
    'email',
    'uuid',
    '2h',
    '-1h',
    '0s',
    'constructor',
    '__proto__',
    null,
    -1,
    1e308,
    [],
    {},
  ),
);

/** Text edits a hand or a broken generator makes to YAML: stray indicators, tabs, cut lines. */
const yamlText = fc
  .tuple(
    fc.nat(),
    fc.array(
      fc.record({
        at: fc.nat(),
        cut: fc.nat({ max: 20 }),
        insert: fc.oneof(
          fc.constantFrom(
            ':',
            '- ',
            '&a ',
            '*a',
            '!!binary ',
            '!tag ',
            '{',
            '[',
            '\n',
            '\t',
            '"',
            "'",
            '#',
            '|',
            '>',
            '%YAML 1.1\n',
            '<<: *a\n',
            '---\n',
            '\u0000',
            '\ud800',
            '\ufeff',
          ),
          fc.string({ maxLength: 8 }),
        ),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([which, edits]) => {
    let text = texts[which % texts.length]!;
    for (const { at, cut, insert } of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i + cut);
    }
    return text;
  });

/** Alias bombs and documents that are not a mapping at all. */
const hostileYaml = fc.constantFrom(
  'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n',
  'a: &a\n  b: *a\n',
  '- 1\n- 2\n',
  '42',
  '',
  '---\na: 1\n---\nb: 2\n',
  '? [a, b]\n: c\n',
  `description: ${'['.repeat(5_000)}`,
);

/** A row shaped like the contract's columns, with JSON values and awkward text. */
function rowFor(contract: ResolvedContract): fc.Arbitrary<Record<string, unknown>> {
  const names = (contract.plans ?? []).map((p) => p.name);
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(
      '',
      ' ',
      '2026-02-30',
      '2026-12-06T10:00:00+25:00',
      'x@y',
      '1e400',
      '\u0000',
      '\ud800',
      '9007199254740993',
    ),
  );
  return fc.dictionary(fc.oneof(fc.constantFrom(...names, '__proto__'), fc.string({ maxLength: 6 })), value, {
    maxKeys: names.length + 2,
  });
}

/** A contract file: a ContractError naming the file, or a contract that judges rows, read as text or as sent. */
async function readsOrRefuses(text: string, judgeSomeRows: boolean) {
  await writeFile(path.join(dir, FILE), text);
  const contract = await endsClearly(() => resolveContract({ file: FILE }, dir), refused);
  if (contract instanceof Error) return;
  const spec = parseContract(text, FILE);
  assert.deepEqual(
    contract.plans?.map((p) => p.name),
    spec.columns.map((c) => c.name),
  );
  if (!judgeSomeRows) return;
  const readings = [
    rowReading(contract.plans, { values: 'text' }),
    rowReading(contract.plans, { values: 'typed' }),
  ];
  for (const row of fc.sample(rowFor(contract), { numRuns: 5, seed: text.length }))
    for (const reading of readings) await judgeRow(contract, row, reading);
}

test('contract files with a few fields broken: a ContractError naming the file, or a usable schema (1,500 cases)', async () => {
  await fuzz(
    mutated(docs, yamlValue).map((doc) => stringify(doc)),
    (text) => readsOrRefuses(text, true),
    1_500,
  );
});

test('contract files with their text broken, and hostile YAML: a ContractError naming the file (1,500 cases)', async () => {
  await fuzz(
    fc.oneof({ weight: 9, arbitrary: yamlText }, { weight: 1, arbitrary: hostileYaml }),
    (text) => readsOrRefuses(text, false),
    1_500,
  );
});

/** zod schemas as authors write them, including refinements and transforms that misbehave on odd data. */
const zodSchema: fc.Arbitrary<z.ZodType> = fc.letrec<{ schema: z.ZodType }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<z.ZodType>(
      z.string(),
      z.string().regex(/^[a-z]+$/),
      z.number(),
      z.int().min(0),
      z.boolean(),
      z.iso.datetime({ offset: true }),
      z.iso.date(),
      z.email(),
      z.uuid(),
      z.enum(['a', 'b']),
      z.literal(3),
      z.any(),
      z.unknown(),
      z.null(),
      z.bigint(),
      z.date(),
      z.coerce.number(),
      z.string().transform((s) => BigInt(s.length)),
      z.string().transform(() => Symbol('s')),
      z.string().transform(() => () => 1),
      z.any().transform(() => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        return cyclic;
      }),
      z.any().refine((v) => (v as { x: { y: unknown } }).x.y !== 1),
      z.string().refine(async (s) => s.length < 5),
    ),
    tie('schema').map((s) => s.optional()),
    tie('schema').map((s) => s.nullable()),
    tie('schema').map((s) => z.array(s)),
    fc.tuple(tie('schema'), tie('schema')).map(([a, b]) => z.union([a, b])),
    fc
      .dictionary(
        fc.oneof(fc.constantFrom('id', 'name', 'constructor', '__proto__'), fc.string({ maxLength: 5 })),
        tie('schema'),
        { maxKeys: 4 },
      )
      .map((shape) => z.object(shape)),
  ),
})).schema;

const zodContract = fc.record({
  coerce: fc.boolean(),
  schema: fc.oneof(
    zodSchema,
    fc
      .dictionary(fc.string({ maxLength: 5 }), zodSchema, { minKeys: 1, maxKeys: 5 })
      .map((shape) => z.object(shape)),
  ),
  unique: fc.option(
    fc.array(fc.oneof(fc.constantFrom('id', 'name'), fc.string({ maxLength: 3 })), { maxLength: 2 }),
    { nil: undefined },
  ),
  rows: fc.array(
    fc.dictionary(
      fc.oneof(fc.constantFrom('id', 'name', '__proto__', 'constructor'), fc.string({ maxLength: 5 })),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('\u0000', '\ud800', '2026-12-06', 'a@b.co')),
      { maxKeys: 5 },
    ),
    { maxLength: 5 },
  ),
});

test('zod contracts, any schema and rows: a ContractError for a bad unique, else a verdict for every row (2,000 cases)', async () => {
  await fuzz(
    zodContract,
    async ({ schema, unique, coerce, rows }) => {
      const contract = await endsClearly(
        () =>
          resolveContract(
            { schema: schema as z.ZodType<Record<string, unknown>>, ...(unique ? { unique } : {}), coerce },
            ROOT,
          ),
        [{ type: ContractError, names: /^contract \(zod schema\) is invalid:\n {2}- unique names / }],
      );
      if (contract instanceof Error) return;
      const readings = [
        rowReading(contract.plans, { values: 'text' }),
        rowReading(contract.plans, { values: 'typed' }),
      ];
      for (const row of rows) {
        const verdict = await judgeRow(contract, row, readings[Object.keys(row).length % 2]!);
        if (verdict.valid) assert.equal(typeof verdict.row, 'object');
        else
          assert.ok(verdict.issues.length > 0 && verdict.issues.every((i) => typeof i.message === 'string'));
      }
    },
    2_000,
  );
});
