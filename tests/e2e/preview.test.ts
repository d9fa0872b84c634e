// Previews on the real stack: exact counts per load mode, and the target, ledger and watermark left byte for byte.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { PreviewRefusedError } from '../../client/run-errors';
import { RunsClient } from '../../client/runs-client';
import type { LoadTarget } from '../../core/load/load-target';
import type { LoadPreview } from '../../core/run/load-preview';
import { definePipeline, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import { createPartitionRuns } from '../../activities/partition-runs';
import { openPool } from '../../runtime/open-pool';
import { recordHistory } from '../support/record-history';
import { type TestStack, createTestWorker, startTestStack } from '../support/test-stack';

let stack: TestStack;
let dir: string;
before(async () => {
  stack = await startTestStack();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-preview-'));
});
after(async () => {
  await stack.stopAll();
  await rm(dir, { recursive: true, force: true });
});

const COLUMNS: LoadTarget['columns'] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'score', type: 'numeric' },
];

/** fetch people.ndjson → validate (score ≥ 0) → load `target`; `incremental` reads only rows past the watermark. */
function people(
  name: string,
  target: Omit<LoadTarget, 'columns'> & { columns?: LoadTarget['columns'] },
  options: { incremental?: boolean; contract?: z.ZodType<Record<string, unknown>>; checks?: boolean } = {},
): PipelineDefinition {
  return definePipeline({
    name,
    description: `people loaded with mode ${target.mode}`,
    owner: 'tests',
    steps: [
      {
        kind: 'fetch',
        id: 'fetch_people',
        source: { kind: 'file', path: 'people.ndjson', format: 'ndjson' },
        ...(options.incremental
          ? { incremental: { cursorField: 'updated', cursorType: 'number' as const } }
          : {}),
      },
      {
        kind: 'validate',
        id: 'validate_people',
        input: 'fetch_people',
        contract: {
          schema:
            options.contract ??
            z.object({ id: z.int(), name: z.string(), score: z.number().min(0), updated: z.int() }),
        },
        maxInvalidRatio: 0.6,
      },
      {
        kind: 'load',
        id: 'load_people',
        input: 'validate_people',
        target: { columns: COLUMNS, ...target },
        ...(options.checks
          ? { checks: [{ kind: 'accepted_range' as const, column: 'score', max: 50 }] }
          : {}),
      },
    ],
  });
}

const pipelines = [
  people('pv_append', { table: 'pv_append', mode: 'append' }),
  people('pv_merge', { table: 'pv_merge', mode: 'merge', key: ['id'] }, { incremental: true, checks: true }),
  people('pv_replace', { table: 'pv_replace', mode: 'replace' }),
  people('pv_partition', {
    table: 'pv_partition',
    mode: 'replace-partition',
    key: ['id'],
    partitionColumn: 'day',
    columns: [...COLUMNS, { name: 'day', type: 'text' }],
  }),
  people('pv_history', { table: 'pv_history', mode: 'history', key: ['id'], closeMissing: true }),
  definePipeline({
    name: 'pv_no_load',
    description: 'only fetches',
    owner: 'tests',
    steps: [
      {
        kind: 'fetch',
        id: 'fetch_people',
        source: { kind: 'file', path: 'people.ndjson', format: 'ndjson' },
      },
    ],
  }),
];

/** The same pipelines after a contract and a definition change: short names rejected, a new column `tier`. */
const changed = [
  people(
    'pv_merge',
    {
      table: 'pv_merge',
      mode: 'merge',
      key: ['id'],
      schemaChanges: 'evolve',
      columns: [...COLUMNS, { name: 'tier', type: 'text' }],
    },
    {
      incremental: true,
      contract: z.object({
        id: z.int(),
        name: z.string().min(3),
        score: z.number().min(0),
        updated: z.int(),
      }),
    },
  ),
  people('pv_append', {
    table: 'pv_append',
    mode: 'append',
    columns: [...COLUMNS, { name: 'tier', type: 'text' }],
  }),
];

const catalogOf = (list: PipelineDefinition[]) => new Map(list.map((p) => [p.name, p]));

async function withWorker<T>(
  list: PipelineDefinition[],
  fn: (runs: RunsClient) => Promise<T>,
  pool = stack.pool,
): Promise<T> {
  const { worker, taskQueue } = await createTestWorker(stack, {
    catalog: catalogOf(list),
    baseDir: dir,
    name: 'preview',
    pool,
  });
  return worker.runUntil(fn(new RunsClient(stack.temporal.client, taskQueue, 'tests')));
}

const line = (row: Record<string, unknown>) => `${JSON.stringify(row)}\n`;
const writePeople = (rows: Record<string, unknown>[]) =>
  writeFile(path.join(dir, 'people.ndjson'), rows.map(line).join(''));

/** Rows 1–4, all valid; then 1 the same, 2 renamed, 3 and 4 gone, 5 new (score 99) and 6 invalid. */
const FIRST = [
  { id: 1, name: 'Ada', score: 10, updated: 1 },
  { id: 2, name: 'Bo', score: 20, updated: 2 },
  { id: 3, name: 'Cy', score: 30, updated: 3 },
  { id: 4, name: 'Di', score: 40, updated: 4 },
];
const SECOND = [
  { id: 1, name: 'Ada', score: 10, updated: 1 },
  { id: 2, name: 'Bea', score: 20, updated: 5 },
  { id: 5, name: 'Eve', score: 99, updated: 6, tier: 'gold' },
  { id: 6, name: 'Fay', score: -1, updated: 7 },
];

/** A digest of everything a preview must not touch: the targets, the ledger, the watermarks. */
async function digest(): Promise<Record<string, string>> {
  const tables = [
    'pv_append',
    'pv_merge',
    'pv_replace',
    'pv_partition',
    'pv_history',
    'sluice.loads',
    'sluice.state',
  ];
  const out: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await stack.pool.query<{ d: string }>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS d FROM ${table} t`,
    );
    out[table] = rows[0]?.d ?? '';
  }
  return out;
}

const count = async (sql: string) => Number((await stack.pool.query<{ n: string }>(sql)).rows[0]?.n);

/** Nothing a preview wrote outlives it: no scratch table, no quarantine or check rows under a preview's id. */
async function assertNothingLeft(): Promise<void> {
  assert.equal(await count(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'sluice_preview'`), 0);
  for (const table of [
    'sluice.quarantine',
    'sluice.check_results',
    'sluice.check_row_counts',
    'sluice.loads',
  ])
    assert.equal(
      await count(`SELECT count(*) AS n FROM ${table} WHERE workflow_id LIKE 'sluice/%/preview-%'`),
      0,
      table,
    );
}

const counts = (load: LoadPreview | undefined) =>
  load && { inserted: load.inserted, updated: load.updated, deleted: load.deleted };

test('a preview of each load mode reports exact counts and leaves targets, ledger and watermark unchanged', async () => {
  await writePeople(FIRST);
  await withWorker(pipelines, async (runs) => {
    for (const p of pipelines.slice(0, 5)) {
      const { workflowId } = await runs.start({
        pipeline: p.name,
        ...(p.name === 'pv_partition' ? { partition: 'd1' } : {}),
      });
      assert.equal((await runs.result(workflowId)).status, 'succeeded', p.name);
    }
    await writePeople(SECOND);
    const before = await digest();
    const preview = async (pipeline: string, partition?: string) => {
      const report = await runs.preview({ pipeline, ...(partition ? { partition } : {}), preview: {} });
      assert.equal(report.loads.length, 1);
      return report.loads[0] as LoadPreview;
    };

    const append = await preview('pv_append');
    assert.deepEqual(counts(append), { inserted: 3, updated: 0, deleted: 0 });
    assert.deepEqual(append.quarantine.rows, 1);
    assert.match(append.quarantine.topReasons[0]?.reason ?? '', /^score: /);
    assert.equal(append.quarantine.topReasons[0]?.rows, 1);
    assert.deepEqual(append.examples.inserted.map((r) => r.id).sort(), [1, 2, 5]);

    // Incremental: only rows past the watermark (updated > 4) are read: 2 changed, 5 new, 6 rejected.
    const merge = await preview('pv_merge');
    assert.deepEqual(counts(merge), { inserted: 1, updated: 1, deleted: 0 });
    assert.deepEqual(merge.changedColumns, { name: 1 });
    assert.deepEqual(merge.examples.updated, [
      { key: { id: 2 }, before: { name: 'Bo' }, after: { name: 'Bea' } },
    ]);
    assert.deepEqual(merge.examples.inserted, [{ id: 5, name: 'Eve', score: 99 }]);
    assert.deepEqual(
      merge.failedChecks.map((c) => [c.name, c.status]),
      [['accepted_range(score)', 'fail']],
    );

    // Without a key rows match whole: Bo→Bea is one deleted and one inserted.
    const replace = await preview('pv_replace');
    assert.deepEqual(counts(replace), { inserted: 2, updated: 0, deleted: 3 });
    assert.deepEqual(replace.examples.deleted.map((r) => r.id).sort(), [2, 3, 4]);

    const partition = await preview('pv_partition', 'd1');
    assert.deepEqual(counts(partition), { inserted: 1, updated: 1, deleted: 2 });

    const history = await preview('pv_history');
    assert.deepEqual(counts(history), { inserted: 1, updated: 1, deleted: 2 });
    assert.deepEqual(
      history.examples.deleted.map((r) => r.id),
      [3, 4],
    );
    assert.deepEqual(history.schema, { creates: false, added: [], refused: [] });

    assert.deepEqual(await digest(), before);
    await assertNothingLeft();

    const watermark = await stack.pool.query(`SELECT value FROM sluice.state WHERE pipeline = 'pv_merge'`);
    assert.deepEqual(watermark.rows, [{ value: '4' }]);
  });
});

test('--sample limits each source to its first records', async () => {
  await writePeople(SECOND);
  await withWorker(pipelines, async (runs) => {
    const before = await digest();
    const { workflowId } = await runs.start({ pipeline: 'pv_append', preview: { sample: 2 } });
    const summary = await runs.result(workflowId);
    assert.equal(summary.steps.find((s) => s.id === 'fetch_people')?.rowsIn, 2);
    assert.equal(summary.preview?.sample, 2);
    assert.deepEqual(counts(summary.preview?.loads[0]), { inserted: 2, updated: 0, deleted: 0 });
    assert.equal(summary.preview?.loads[0]?.quarantine.rows, 0);
    assert.deepEqual(await digest(), before);
    await recordHistory(
      stack.temporal.client.workflow.getHandle(workflowId),
      'preview-sampled',
      stack.temporalAddress,
    );
  });
  await assertNothingLeft();
});

test('a preview after a contract change reports the new quarantine counts and the schema changes', async () => {
  await writePeople(SECOND);
  await withWorker(changed, async (runs) => {
    const merge = (await runs.preview({ pipeline: 'pv_merge', preview: {} })).loads[0];
    // 2 is now rejected for its short name (Bea has 3 letters: kept), 6 for its score.
    assert.equal(merge?.quarantine.rows, 1);
    assert.deepEqual(merge?.schema, { creates: false, added: ['tier'], refused: [] });
    assert.deepEqual(merge?.changedColumns, { name: 1 });
    const append = (await runs.preview({ pipeline: 'pv_append', preview: {} })).loads[0];
    assert.deepEqual(append?.schema, { creates: false, added: [], refused: ['tier'] });
  });
  await writePeople([...SECOND, { id: 7, name: 'Al', score: 1, updated: 8 }]);
  await withWorker(changed, async (runs) => {
    const merge = (await runs.preview({ pipeline: 'pv_merge', preview: {} })).loads[0];
    assert.equal(merge?.quarantine.rows, 2);
    assert.deepEqual(merge?.quarantine.topReasons.map((r) => [r.reason.split(':')[0], r.rows]).sort(), [
      ['name', 1],
      ['score', 1],
    ]);
  });
  await assertNothingLeft();
});

test('bad input: no load step, a scratch schema the role cannot create: refused, nothing written', async () => {
  const runsBefore = await count(`SELECT count(*) AS n FROM sluice.runs`);
  await withWorker(pipelines, async (runs) => {
    const err = await runs.preview({ pipeline: 'pv_no_load', preview: {} }).catch((e: Error) => e);
    assert.ok(err instanceof PreviewRefusedError, String(err));
    assert.match(err.message, /pipeline pv_no_load has no load step/);
  });
  await stack.pool.query(`DROP ROLE IF EXISTS pv_reader`);
  await stack.pool.query(`CREATE ROLE pv_reader LOGIN PASSWORD 'pv_reader'`);
  const url = new URL(stack.databaseUrl);
  url.username = 'pv_reader';
  url.password = 'pv_reader';
  const restricted = await openPool(url.toString());
  try {
    await withWorker(
      pipelines,
      async (runs) => {
        const err = await runs.preview({ pipeline: 'pv_append', preview: {} }).catch((e: Error) => e);
        assert.ok(err instanceof PreviewRefusedError, String(err));
        assert.match(err.message, /the worker's role "pv_reader" may not create .*sluice_preview/);
        assert.match(err.message, /GRANT USAGE, CREATE ON SCHEMA sluice_preview TO "pv_reader"/);
      },
      restricted,
    );
  } finally {
    await restricted.end();
  }
  assert.equal(await count(`SELECT count(*) AS n FROM sluice.runs`), runsBefore);
  await assertNothingLeft();
});

test('a preview is recorded as a preview: a backfill does not take its partition for loaded', async () => {
  // The key is id alone: new ids for d2; a long name, which examples cut.
  await writePeople(FIRST.map((row) => ({ ...row, id: row.id + 10, name: row.name.repeat(100) })));
  await withWorker(pipelines, async (runs) => {
    const report = await runs.preview({ pipeline: 'pv_partition', partition: 'd2', preview: {} });
    assert.equal(report.loads[0]?.inserted, 4);
    const name = String(report.loads[0]?.examples.inserted[0]?.name);
    assert.equal(name, `${'Ada'.repeat(100).slice(0, 200)}…`);
  });
  const { rows } = await stack.pool.query(
    `SELECT partition_key, status, preview FROM sluice.runs WHERE pipeline = 'pv_partition' ORDER BY started_at`,
  );
  assert.deepEqual(rows, [
    { partition_key: 'd1', status: 'succeeded', preview: false },
    { partition_key: 'd1', status: 'succeeded', preview: true },
    { partition_key: 'd2', status: 'succeeded', preview: true },
  ]);
  const { succeededPartitions } = createPartitionRuns(stack.pool);
  assert.deepEqual(await succeededPartitions({ pipeline: 'pv_partition', partitions: ['d1', 'd2'] }), ['d1']);
});
