// Committing watermarks on real PostgreSQL: only the watermark source's proposal counts, in the cursor's type.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createFetch } from '../../activities/fetch/fetch-activity';
import { commitWatermarks } from '../../activities/state/watermarks';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import type { StepInput } from '../../core/run/run-types';
import { runActivity } from '../support/run-activity';
import { useTestDatabase } from '../support/test-database';

const db = useTestDatabase();
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-watermark-commit-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const validated = definePipeline({
  name: 'validated_ids',
  description: 'ids, validated, with a numeric cursor',
  owner: 'tests',
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_ids',
      source: { kind: 'file', path: 'ids.ndjson', format: 'ndjson' },
      incremental: { cursorField: 'id', cursorType: 'number' },
    },
    { kind: 'validate', id: 'validate_ids', input: 'fetch_ids', contract: { file: 'ids.yml' } },
  ],
});

const watermark = async () =>
  (
    await db.pool.query(
      `SELECT value FROM sluice.state WHERE pipeline = 'validated_ids' AND step = 'fetch_ids'`,
    )
  ).rows[0]?.value;

async function commit(proposals: Record<string, string>) {
  const client = await db.pool.connect();
  try {
    await commitWatermarks(client, { workflowId: 'w', runId: 'r' }, validated, proposals);
  } finally {
    client.release();
  }
}

test("a validated fetch's own proposal is ignored; its validate step's moves the watermark, numerically", async () => {
  await commit({ fetch_ids: '99' });
  assert.equal(await watermark(), undefined, 'the fetch does not propose when a validate step reads it');
  await commit({ validate_ids: '9' });
  assert.equal(await watermark(), '9');
  await commit({ validate_ids: '10' });
  assert.equal(await watermark(), '10', '10 is above 9 as a number');
  await commit({ validate_ids: '9.5' });
  assert.equal(await watermark(), '10', 'a watermark never moves back');
  await commit({ validate_ids: 'eleven' });
  assert.equal(await watermark(), '10', 'a proposal not of the cursor type is ignored');
});

test('a committed watermark not of the cursor type is replaced by a commit, and stops a fetch with what to do', async () => {
  await db.pool.query(
    `UPDATE sluice.state SET value = 'zzz' WHERE pipeline = 'validated_ids' AND step = 'fetch_ids'`,
  );
  await writeFile(path.join(dir, 'ids.ndjson'), '{"id": 1}\n');
  const input: StepInput = {
    pipeline: 'validated_ids',
    step: 'fetch_ids',
    workflowId: 'sluice/validated_ids/manual-1',
    runId: 'r1',
    params: {},
    definitionHash: 'h',
    inputs: {},
  };
  const fetch = createFetch({ pool: db.pool, catalog: new Map([[validated.name, validated]]), baseDir: dir });
  await assert.rejects(
    runActivity(fetch, [input]),
    (err: Error & { type?: string; nonRetryable?: boolean }) => {
      assert.equal(err.type, 'SluiceDefinitionError');
      assert.equal(err.nonRetryable, true);
      assert.match(
        err.message,
        /the committed watermark "zzz" is not a number, the type of cursor id\. Set incremental\.cursorType/,
      );
      assert.match(
        err.message,
        /correct the value in sluice\.state \(pipeline 'validated_ids', step 'fetch_ids'/,
      );
      return true;
    },
  );
  await commit({ validate_ids: '3' });
  assert.equal(await watermark(), '3');
});

test('definePipeline refuses a cursor whose type it cannot tell, an initial value or horizon that does not fit', () => {
  const define = (incremental: Record<string, unknown>, loadType = 'jsonb') => {
    try {
      definePipeline({
        name: 'typed',
        description: 'typed',
        owner: 'tests',
        steps: [
          {
            kind: 'fetch',
            id: 'fetch_rows',
            source: { kind: 'file', path: 'rows.ndjson', format: 'ndjson' },
            incremental: incremental as never,
          },
          {
            kind: 'load',
            id: 'load_rows',
            input: 'fetch_rows',
            target: { table: 't', mode: 'append', columns: [{ name: 'at', type: loadType as never }] },
          },
        ],
      });
      return [];
    } catch (err) {
      return (err as { problems: string[] }).problems;
    }
  };
  assert.deepEqual(define({ cursorField: 'at' }, 'timestamptz'), []);
  assert.deepEqual(define({ cursorField: 'at' }), [
    `step "fetch_rows": incremental.cursorType is required: no load this fetch feeds declares a column "at" of a type that orders; set cursorType to 'timestamp', 'number', 'text'`,
  ]);
  assert.deepEqual(define({ cursorField: 'at', initial: 'yesterday', maxFuture: 'soon' }, 'date'), [
    `step "fetch_rows": incremental.initial "yesterday" is not a timestamp, e.g. '1970-01-01T00:00:00Z'`,
    `step "fetch_rows": incremental.maxFuture "soon" is not a positive duration like '1d'`,
  ]);
  assert.deepEqual(define({ cursorField: 'at', cursorType: 'number', maxFuture: '1d' }), [
    'step "fetch_rows": incremental.maxFuture applies to timestamp cursors, not number',
  ]);
});
