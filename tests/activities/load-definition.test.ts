// Load targets are checked when the pipeline is defined: every mode's options, and names that would inject SQL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCEPTED_COLUMN_TYPES } from '../../core/load/column-type';
import type { ColumnSpec } from '../../core/load/columns';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { DefinitionError } from '../../core/pipeline/definition-error';
import type { LoadTarget } from '../../core/load/load-target';
import { loadTargetProblems } from '../../core/load/load-target-problems';
import { loadPipeline } from '../support/load-harness';

const columns: ColumnSpec[] = [
  { name: 'id', type: 'integer' },
  { name: 'day', type: 'date' },
  { name: 'doc', type: 'jsonb' },
];
const base = { table: 'fct_things', columns };

test('a well-formed target of every mode has no problems', () => {
  const targets: LoadTarget[] = [
    { ...base, mode: 'append' },
    { ...base, mode: 'append', key: ['id'], indexes: [['day', 'id'], ['_sluice_run_id']] },
    { ...base, mode: 'merge', key: ['id'], schemaChanges: 'evolve' },
    { ...base, mode: 'replace', schemaChanges: 'freeze' },
    { ...base, table: 'mart.fct_things', mode: 'replace-partition', partitionColumn: 'day' },
    { ...base, mode: 'history', key: ['id', 'day'], closeMissing: true, indexes: [['valid_from']] },
  ];
  for (const target of targets) assert.deepEqual(loadTargetProblems(target), [], JSON.stringify(target));
});

test('each mode asks for what it needs and refuses options of other modes', () => {
  const problems = (target: Partial<LoadTarget>) => loadTargetProblems({ ...base, ...target } as LoadTarget);
  assert.deepEqual(problems({ mode: 'merge' }), [
    'target.key is required for mode "merge": name the columns that identify a row',
  ]);
  assert.deepEqual(problems({ mode: 'history' }), [
    'target.key is required for mode "history": name the columns that identify a row',
  ]);
  assert.deepEqual(problems({ mode: 'replace-partition' }), [
    'target.partitionColumn is required for mode "replace-partition": name the column holding the partition',
  ]);
  assert.deepEqual(problems({ mode: 'replace-partition', partitionColumn: 'month' }), [
    'target.partitionColumn "month" is not one of target.columns',
  ]);
  assert.deepEqual(problems({ mode: 'replace-partition', partitionColumn: 'doc' }), [
    'target.partitionColumn "doc" is jsonb; a partition column holds a plain value',
  ]);
  assert.deepEqual(problems({ mode: 'merge', key: ['id'], partitionColumn: 'day' }), [
    'target.partitionColumn applies only to mode "replace-partition" (mode is "merge")',
  ]);
  assert.deepEqual(problems({ mode: 'merge', key: ['id'], closeMissing: true }), [
    'target.closeMissing applies only to mode "history" (mode is "merge")',
  ]);
  assert.deepEqual(problems({ mode: 'history', key: ['id'], closeMissing: 'yes' as never }), [
    'target.closeMissing must be true or false, got "yes"',
  ]);
  assert.deepEqual(problems({ mode: 'append', schemaChanges: 'auto' as never }), [
    `target.schemaChanges must be one of 'freeze', 'evolve', got "auto"`,
  ]);
  assert.deepEqual(problems({ mode: 'upsert' as never }), [
    `target.mode must be one of 'append', 'merge', 'replace', 'replace-partition', 'history', got "upsert"`,
  ]);
});

test('keys, columns and indexes must name declared columns, once, with known types', () => {
  const problems = loadTargetProblems({
    table: 'fct_things',
    mode: 'history',
    key: ['id', 'id', 'doc', 'nope'],
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'id', type: 'text' },
      { name: 'doc', type: 'jsonb' },
      { name: 'amount', type: 'money' as never },
      { name: 'valid_to', type: 'timestamptz' },
    ],
    indexes: [['amount', 'amount'], [], ['missing'], ['amount', 'amount']],
  });
  assert.deepEqual(problems, [
    'target column "id" is listed twice',
    `target column "amount": type "money" is not a type Sluice knows; use one of ${ACCEPTED_COLUMN_TYPES}`,
    'target column "valid_to" is one Sluice keeps for mode "history" (valid_from, valid_to, is_current); rename it',
    'target.key lists "id" twice',
    'target.key "doc" is jsonb, which cannot be a key',
    'target.key "nope" is not one of target.columns',
    'target.indexes[0] lists a column twice',
    'target.indexes[1] must list at least one column',
    'target.indexes[2] names "missing", which is not one of target.columns',
    'target.indexes[3] lists a column twice',
    'target.indexes[3] repeats an index on (amount, amount)',
  ]);
});

test('names that would inject SQL are refused when the pipeline is defined', () => {
  const evil: LoadTarget = {
    table: 'fct_x; DROP TABLE sluice.loads; --',
    mode: 'replace-partition',
    key: ['id) --'],
    partitionColumn: 'day" text',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'a"b', type: 'text' },
      { name: "x') || pg_sleep(1) --", type: 'text' },
    ],
    indexes: [['id', 'Id']],
  };
  assert.throws(
    () => loadPipeline('evil_names', evil),
    (err: unknown) => {
      assert.ok(err instanceof DefinitionError);
      const where = 'step "load_rows": ';
      assert.deepEqual(err.problems, [
        `${where}target.table "fct_x; DROP TABLE sluice" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters`,
        `${where}target column "a"b" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters`,
        `${where}target column "x') || pg_sleep(1) --" must be lower snake case (a-z, 0-9, _), start with a letter and be at most 63 characters`,
        `${where}target.key "id) --" is not one of target.columns`,
        `${where}target.partitionColumn "day" text" is not one of target.columns`,
        `${where}target.indexes[0] names "Id", which is not one of target.columns`,
      ]);
      return true;
    },
  );
});

test('every accepted column type, in any spacing of its sizes, has no problems', () => {
  const types = [
    'text',
    'varchar(1)',
    'varchar(10485760)',
    'smallint',
    'integer',
    'bigint',
    'numeric',
    'numeric(1)',
    'numeric(12,2)',
    'numeric(12, 2)',
    'numeric(1000,1000)',
    'real',
    'double precision',
    'boolean',
    'date',
    'time',
    'time(0)',
    'timestamp',
    'timestamp(6)',
    'timestamptz',
    'timestamptz(3)',
    'interval',
    'uuid',
    'jsonb',
    'text[]',
    'varchar(20)[]',
    'numeric(6,2)[]',
    'timestamp[]',
    'uuid[]',
  ] as const;
  const target: LoadTarget = {
    table: 'fct_types',
    mode: 'append',
    columns: types.map((type, i) => ({ name: `c${i}`, type })),
  };
  assert.deepEqual(loadTargetProblems(target), []);
});

test('a malformed or unknown column type is refused when the pipeline is defined, listing the accepted types', () => {
  const bad: [string, string][] = [
    ['numeric(2,5)', 'has a scale (5) above its precision (2); the scale must be from 0 to the precision'],
    ['numeric(0)', 'needs a precision from 1 to 1000'],
    ['numeric(1,2,3)', "takes a precision and an optional scale, e.g. 'numeric(12,2)'"],
    ['varchar(0)', 'needs a length from 1 to 10485760'],
    ['varchar(x)', "has a size that is not a whole number (write e.g. 'varchar(20)')"],
    ['varchar', "needs one length, e.g. 'varchar(20)' (or 'text' for any length)"],
    ['text(5)', "takes no size in parentheses (write 'text')"],
    ['timestamp(7)', 'needs a precision from 0 to 6 (fractional digits of a second)'],
    ['money', 'is not a type Sluice knows'],
    ['text[][]', 'is not a type Sluice knows'],
    ['Integer', 'is not a type Sluice knows'],
    ['constructor', 'is not a type Sluice knows'],
    ['int4', "is spelled 'integer' in Sluice"],
    ['character varying(20)', "is spelled 'varchar(20)' in Sluice"],
    ['timestamp without time zone', "is spelled 'timestamp' in Sluice"],
    ['decimal(12,2)[]', "is spelled 'numeric(12,2)[]' in Sluice"],
    ['jsonb[]', 'is not needed: a jsonb column holds JSON arrays itself'],
  ];
  assert.throws(
    () =>
      loadPipeline('bad_types', {
        table: 'fct_types',
        mode: 'append',
        columns: bad.map(([type], i) => ({ name: `c${i}`, type: type as never })),
      }),
    (err: unknown) => {
      assert.ok(err instanceof DefinitionError);
      assert.deepEqual(
        err.problems,
        bad.map(
          ([type, problem], i) =>
            `step "load_rows": target column "c${i}": type "${type}" ${problem}; use one of ${ACCEPTED_COLUMN_TYPES}`,
        ),
      );
      return true;
    },
  );
  assert.match(
    ACCEPTED_COLUMN_TYPES,
    /'varchar\(n\)', .*'numeric\(p,s\)', .*'double precision', .*'uuid', .*'text\[\]'/,
  );
});

test('an array column cannot be the partition column', () => {
  assert.deepEqual(
    loadTargetProblems({
      table: 'fct_days',
      mode: 'replace-partition',
      partitionColumn: 'days',
      columns: [{ name: 'days', type: 'date[]' }],
    }),
    ['target.partitionColumn "days" is date[]; a partition column holds a plain value'],
  );
});

test("a load's checks must be able to read the types its target declares", () => {
  const define = () =>
    definePipeline({
      name: 'typed_checks',
      description: 'test',
      owner: 'tests',
      steps: [
        { kind: 'fetch', id: 'fetch_rows', source: { kind: 'file', path: 'unused.csv', format: 'csv' } },
        {
          kind: 'load',
          id: 'load_rows',
          input: 'fetch_rows',
          target: {
            table: 'fct_typed',
            mode: 'append',
            columns: [
              { name: 'amount', type: 'numeric(12,2)' },
              { name: 'note', type: 'varchar(20)' },
              { name: 'seen_at', type: 'timestamp' },
              { name: 'lasts', type: 'interval' },
              { name: 'ref', type: 'uuid' },
              { name: 'tags', type: 'text[]' },
            ],
          },
          checks: [
            { kind: 'accepted_range', column: 'amount', min: 0 },
            { kind: 'accepted_range', column: 'note', min: 0 },
            { kind: 'freshness', column: 'seen_at', warnAfter: '2h' },
            { kind: 'accepted_values', column: 'ref', values: ['0b6d3a3e-8a7f-4c55-9d0f-3f1f6a2b7c11'] },
            { kind: 'accepted_range', column: 'not_declared', min: 0 },
            { kind: 'freshness', column: 'lasts', warnAfter: '2h' },
            { kind: 'accepted_range', column: 'ref', max: 1 },
            { kind: 'accepted_values', column: 'tags', values: ['a'] },
          ],
        },
      ],
    });
  assert.throws(define, (err: unknown) => {
    assert.ok(err instanceof DefinitionError);
    assert.deepEqual(err.problems, [
      'step "load_rows": check "freshness(lasts)": column "lasts" is declared interval; freshness needs a date, timestamp or timestamptz column, or text holding timestamps',
      'step "load_rows": check "accepted_range(ref)": column "ref" is declared uuid; accepted_range needs a number column (smallint, integer, bigint, numeric, real, double precision) or text holding numbers',
      'step "load_rows": check "accepted_values(tags)": column "tags" is declared text[]; accepted_values needs a column of plain values (not jsonb or an array)',
    ]);
    return true;
  });
});
