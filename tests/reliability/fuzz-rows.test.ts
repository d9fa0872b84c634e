// Fuzzes rows on real PostgreSQL: CSV, NDJSON and JSON files through fetch and validate end staged, quarantined or refused.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { z } from 'zod';
import { createFetch } from '../../activities/fetch/fetch-activity';
import { createValidate } from '../../activities/validate/validate-activity';
import type { FileSource } from '../../core/fetch/source-spec';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { TERMINAL_ERROR_TYPES } from '../../core/run/error-types';
import type { StepInput, StepResult } from '../../core/run/run-types';
import { runActivity } from '../support/run-activity';
import { ROOT } from '../support/run-process';
import { useTestDatabase } from '../support/test-database';
import { endsClearly, fuzz, guardFuzzFile, HEAVY_CASE_TIME_LIMIT_MS } from './support/fuzz';

guardFuzzFile('fuzz-rows');

const db = useTestDatabase();
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-fuzz-rows-'));
  await copyFile(path.join(ROOT, 'tests/fixtures/contracts/all-types.yml'), path.join(dir, 'contract.yml'));
});
after(() => rm(dir, { recursive: true, force: true }));

const PIPELINE = 'fuzz_rows';
const COLUMNS = [
  'id',
  'code',
  'label',
  'status',
  'score',
  'level',
  'active',
  'born_on',
  'seen_at',
  'email',
  'ref',
];

/** The hand-written kind of contract: typed values as JSON sent them, no coercion. */
const zodContract = z.object({
  id: z.int().min(1),
  code: z.string().regex(/^[A-Z]{3}$/u),
  score: z.number().optional(),
  seen_at: z.iso.datetime({ offset: true }).optional(),
  tags: z.array(z.string()).optional(),
});

/** A text value with what breaks parsers and PostgreSQL: quotes, separators, NUL, lone surrogates, long runs. */
const awkwardText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '"',
    '""',
    ',',
    '\n',
    '\r\n',
    '\\',
    '\u0000',
    '\ud800',
    '\ufeff',
    'ABC',
    '1',
    '-0',
    '1e400',
    '9007199254740993',
    '0.1000000000000000055511151231257827',
    'true',
    'NaN',
    '2026-02-30',
    '2026-12-06T10:00:00Z',
    '2026-12-06T10:00:00+25:00',
    'a@b.co',
    '00000000-0000-0000-0000-000000000000',
    'open',
    '__proto__',
    'x'.repeat(400),
  ),
  fc.string({ maxLength: 12, unit: 'binary' }),
);

/** JSON values as a source sends them, with hostile ones: deep nesting, huge and exact numbers, odd keys. */
const jsonText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  awkwardText.map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '12345678901234567890123',
    '-0.000000000000000000001',
    '1e400',
    '"\\u0000"',
    '"\\ud800x"',
    '"\\udc00"',
    `${'['.repeat(100)}${']'.repeat(100)}`,
    `${'{"a":'.repeat(80)}1${'}'.repeat(80)}`,
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":1}}',
  ),
);

/** What a good row holds for each of the contract's columns, so that some rows pass and reach staging. */
const goodValue: Record<string, string[]> = {
  id: ['1', '42', '1000000'],
  code: ['"ABC"', '"XYZ"'],
  active: ['true', 'false'],
  score: ['0.5', '1'],
  seen_at: ['"2026-12-06T10:00:00Z"'],
};

/** JSON text cut short or misspelt. */
const brokenJson = fc.constantFrom('[1,', 'tru', '"\\x"', '{"a"', '');

const jsonKey = fc.oneof(
  fc.constantFrom(...COLUMNS, 'tags', '__proto__', 'constructor', '', '\u0000'),
  fc.string({ maxLength: 6 }),
);

/** Mostly the contract's columns with good values, some of them awkward, and a few keys of any kind. */
const jsonRecord: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(
        fc.record(
          Object.fromEntries(
            Object.entries(goodValue).map(([k, good]) => [
              k,
              fc.oneof(
                { weight: 4, arbitrary: fc.constantFrom(...good) },
                { weight: 1, arbitrary: jsonText },
              ),
            ]),
          ),
        ),
        fc.array(fc.tuple(jsonKey, jsonText), { maxLength: 3 }),
      )
      .map(([columns, pairs]) => {
        const fields = [...Object.entries(columns), ...pairs];
        return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
      }),
  },
  { weight: 1, arbitrary: jsonText },
  { weight: 1, arbitrary: brokenJson },
);

/** Bytes that are not UTF-8, or cut the file short, spliced in at random places (in one file of four). */
const byteEdits = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  fc.array(fc.record({ at: fc.nat(), cut: fc.nat({ max: 6 }), bytes: fc.uint8Array({ maxLength: 4 }) }), {
    minLength: 1,
    maxLength: 2,
  }),
);

function spliced(text: string, edits: readonly { at: number; cut: number; bytes: Uint8Array }[]): Buffer {
  let bytes = Buffer.from(text, 'utf8');
  for (const { at, cut, bytes: insert } of edits) {
    const i = at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i + cut)]);
  }
  return bytes;
}

const csvField = awkwardText.map((s) =>
  /[",\n\r]/.test(s) && s.length % 2 === 0 ? `"${s.replace(/"/g, '""')}"` : s,
);
/** A CSV field for a column: its good text mostly (CSV has no types: the contract reads it), else awkward. */
const csvValue = (column: string) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        ...(Object.hasOwn(goodValue, column) ? goodValue[column]! : ['x']).map((v) => v.replace(/"/g, '')),
      ),
    },
    { weight: 1, arbitrary: csvField },
  );

const csvFile = fc
  .record({
    header: fc.shuffledSubarray([...COLUMNS, 'extra', '__proto__', ''], { minLength: 1 }),
    rows: fc.array(fc.nat(), { maxLength: 12 }),
    edits: byteEdits,
  })
  .chain(({ header, rows, edits }) =>
    fc.record({
      header: fc.constant(header),
      // One row in ten has a field too many or too few: csv-parse refuses the file for it.
      rows: fc.tuple(
        ...rows.map((n) =>
          n % 10 === 0 ? fc.array(csvField, { maxLength: 12 }) : fc.tuple(...header.map(csvValue)),
        ),
      ),
      edits: fc.constant(edits),
    }),
  )
  .map(({ header, rows, edits }) => ({
    format: 'csv' as const,
    recordsPath: undefined,
    bytes: spliced([header.join(','), ...rows.map((r) => r.join(','))].join('\n'), edits),
  }));

const ndjsonFile = fc
  .record({
    lines: fc.array(
      fc.oneof({ weight: 9, arbitrary: jsonRecord }, { weight: 1, arbitrary: fc.constant('') }),
      { maxLength: 12 },
    ),
    edits: byteEdits,
  })
  .map(({ lines, edits }) => ({
    format: 'ndjson' as const,
    recordsPath: undefined,
    bytes: spliced(lines.join('\n'), edits),
  }));

const jsonFile = fc
  .record({ records: fc.array(jsonRecord, { maxLength: 12 }), wrapped: fc.boolean(), edits: byteEdits })
  .map(({ records, wrapped, edits }) => {
    const list = `[${records.join(',')}]`;
    return {
      format: 'json' as const,
      bytes: spliced(wrapped ? `{"meta":{"n":1},"data":${list}}` : list, edits),
      recordsPath: wrapped ? 'data' : undefined,
    };
  });

const limits = fc.record(
  { maxRecordBytes: fc.integer({ min: 16, max: 2_000 }), maxRecordDepth: fc.integer({ min: 1, max: 8 }) },
  { requiredKeys: [] },
);

const sourceFile = fc.tuple(
  fc.oneof(csvFile, ndjsonFile, jsonFile),
  fc.option(limits, { nil: undefined, freq: 3 }),
);

let cases = 0;
/** How the steps ended, to show the cases reach every outcome. */
const seen = { staged: 0, quarantined: 0, refused: 0 };
/** Thousands of cases: the activities' warnings about bad rows would bury the test's own output. */
const quietEnvironment = () => new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

function input(step: string, runId: string, inputs: StepInput['inputs'] = {}): StepInput {
  return {
    pipeline: PIPELINE,
    step,
    workflowId: `sluice/${PIPELINE}/manual-1`,
    runId,
    params: {},
    definitionHash: 'h',
    inputs,
  };
}

/** A step ends in success or in a terminal failure of Sluice's own types naming pipeline, step and run. */
const terminalFor = (step: StepInput) => [
  {
    type: ApplicationFailure,
    names: new RegExp(
      `^${PIPELINE}/${step.step} \\(run ${step.workflowId.replace(/\//g, '\\/')}\\): .+\\. \\S`,
      's',
    ),
  },
];

async function assertEndsClearly(
  step: StepInput,
  run: () => Promise<StepResult>,
): Promise<StepResult | undefined> {
  const outcome = await endsClearly(run, terminalFor(step));
  if (outcome instanceof ApplicationFailure) {
    assert.equal(outcome.nonRetryable, true, `terminal: ${outcome.message}`);
    assert.ok(
      (TERMINAL_ERROR_TYPES as readonly string[]).includes(outcome.type ?? ''),
      `typed: ${outcome.type}`,
    );
    seen.refused += 1;
    return undefined;
  }
  if (outcome instanceof Error) return undefined;
  const { rows } = await db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM sluice.quarantine WHERE run_id = $1 AND step = $2',
    [step.runId, step.step],
  );
  assert.equal(rows[0]?.n, outcome.rowsRejected, 'every rejected row is in quarantine');
  assert.equal(outcome.rowsIn, outcome.rowsOut + outcome.rowsRejected, 'every row is passed on or rejected');
  if (outcome.rowsOut > 0) seen.staged += 1;
  if (outcome.rowsRejected > 0) seen.quarantined += 1;
  return outcome;
}

test('CSV, NDJSON and JSON files of hostile rows: staged or quarantined by fetch and validate, or refused as bad input (1,200 cases)', async () => {
  await fuzz(
    sourceFile,
    async ([file, limit]) => {
      cases += 1;
      const runId = `run-${cases}`;
      const name = `case-${cases}.${file.format}`;
      await writeFile(path.join(dir, name), file.bytes);
      const source = {
        kind: 'file',
        path: name,
        format: file.format,
        ...(file.recordsPath ? { recordsPath: file.recordsPath } : {}),
        ...limit,
      } as FileSource;
      const pipeline = definePipeline({
        name: PIPELINE,
        description: 'fuzzed rows',
        owner: 'tests',
        steps: [
          { kind: 'fetch', id: 'fetch_rows', source },
          {
            kind: 'validate',
            id: 'validate_file',
            input: 'fetch_rows',
            contract: { file: 'contract.yml' },
            maxInvalidRatio: 1,
          },
          { kind: 'validate', id: 'validate_zod', input: 'fetch_rows', contract: { schema: zodContract } },
        ],
      });
      const deps = { pool: db.pool, catalog: new Map([[PIPELINE, pipeline]]), baseDir: dir };
      const fetchInput = input('fetch_rows', runId);
      const fetched = await assertEndsClearly(fetchInput, () =>
        runActivity(createFetch(deps), [fetchInput], quietEnvironment()),
      );
      const tables: string[] = [];
      if (fetched?.output) {
        tables.push(fetched.output.table);
        for (const step of ['validate_file', 'validate_zod']) {
          const validateInput = input(step, runId, { fetch_rows: fetched.output });
          const validated = await assertEndsClearly(validateInput, () =>
            runActivity(createValidate(deps), [validateInput], quietEnvironment()),
          );
          if (validated?.output) tables.push(validated.output.table);
        }
      }
      for (const table of tables) await db.pool.query(`DROP TABLE IF EXISTS sluice_staging.${table}`);
      await rm(path.join(dir, name));
    },
    1_200,
    HEAVY_CASE_TIME_LIMIT_MS,
  );
  process.stdout.write(`# step outcomes: ${JSON.stringify(seen)}\n`);
  for (const [outcome, count] of Object.entries(seen)) assert.ok(count >= 50, `${outcome}: ${count} steps`);
});
