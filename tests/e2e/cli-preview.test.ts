// `sluice preview` as a process: the --json document, --sample, and exit 0 (it ran), 1 (it failed), 2 (bad input).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import type { PreviewReport } from '../../core/run/load-preview';
import { useCliHarness } from '../support/cli-harness';
import { runProcess } from '../support/run-process';
import { SLUICE_API, writeProject } from '../support/temp-project';
import { createTestWorker } from '../support/test-stack';

const cli = useCliHarness('cli-preview');
const { sluice, json } = cli;

/** Digest of the example's merge target and of the ledger: what a preview must leave as it was. */
const digest = async () =>
  (
    await cli.stack.pool.query<{ d: string }>(
      `SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM fct_orders t), '')
              || coalesce((SELECT string_agg(l::text, '|' ORDER BY l::text) FROM sluice.loads l), '')) AS d`,
    )
  ).rows[0]?.d;

test('preview --json before and after a real run: the documented document, exit 0, nothing written', async () => {
  const first = await json('preview', 'orders_csv');
  assert.equal(first.code, 0, first.stderr);
  const doc = first.doc as unknown as PreviewReport & { status: string };
  assert.equal(doc.status, 'previewed');
  assert.equal(doc.pipeline, 'orders_csv');
  assert.match(doc.workflowId, /^sluice\/orders_csv\/preview-/);
  assert.deepEqual(
    doc.loads.map((l) => [l.step, l.target, l.mode, l.schema.creates, l.updated, l.deleted]),
    [['load_orders_fct', 'fct_orders', 'merge', true, 0, 0]],
  );
  const inserted = doc.loads[0]?.inserted ?? 0;
  assert.ok(inserted > 0);
  const exists = await cli.stack.pool.query(`SELECT to_regclass('public.fct_orders') AS t`);
  assert.equal(exists.rows[0]?.t, null, 'the preview created no target');

  const real = await json('run', 'orders_csv', '--wait');
  assert.equal(real.code, 0, real.stderr);
  const before = await digest();
  const again = await json('preview', 'orders_csv', '--sample', '3');
  assert.equal(again.code, 0, again.stderr);
  const report = again.doc as unknown as PreviewReport;
  assert.equal(report.sample, 3);
  assert.deepEqual(
    report.loads.map((l) => [l.inserted, l.updated, l.deleted, l.schema.creates]),
    [[0, 0, 0, false]],
  );
  assert.equal(await digest(), before);

  const text = await sluice('preview', 'orders_csv');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /orders_csv: preview sluice\/orders_csv\/preview-.*; nothing was written/);
  assert.match(text.stdout, /load_orders_fct\s+fct_orders\s+merge\s+0\s+0\s+0/);
});

test('bad input exits 2 before anything starts: a bad --sample, an unknown partition, an unknown pipeline', async () => {
  const sample = await sluice('preview', 'orders_csv', '--sample', '0');
  assert.equal(sample.code, 2);
  assert.match(sample.stderr, /--sample expects a whole number of records above 0, got "0"/);
  const partition = await sluice('preview', 'daily_orders', '--partition', 'nope');
  assert.equal(partition.code, 2);
  assert.match(partition.stderr, /--partition nope/);
  const unknown = await json('preview', 'nope');
  assert.equal(unknown.code, 2);
  assert.match(String((unknown.doc.error as { message: string }).message), /unknown pipeline "nope"/);
});

/** The worker's pipelines: one whose load fails (its rows lack their key), one without a load. */
function workerCatalog() {
  const source = { kind: 'file' as const, path: 'rows.ndjson', format: 'ndjson' as const };
  return new Map(
    [
      definePipeline({
        name: 'keyless_merge',
        description: 'rows without their key: the load fails',
        owner: 'tests',
        steps: [
          { kind: 'fetch', id: 'fetch_rows', source },
          {
            kind: 'load',
            id: 'load_rows',
            input: 'fetch_rows',
            target: {
              table: 'pv_cli_rows',
              mode: 'merge',
              key: ['id'],
              columns: [
                { name: 'id', type: 'integer' },
                { name: 'name', type: 'text' },
              ],
            },
          },
        ],
      }),
      definePipeline({
        name: 'fetch_only',
        description: 'no load',
        owner: 'tests',
        steps: [{ kind: 'fetch', id: 'fetch_rows', source }],
      }),
    ].map((p) => [p.name, p]),
  );
}

/** The CLI's project, older than the worker's code: there fetch_only still loads, so only the worker can refuse it. */
const staleProject = () =>
  writeProject({
    'sluice.config.ts': `import { defineConfig } from ${SLUICE_API};\nexport default defineConfig({});\n`,
    'pipelines/index.ts': `import { definePipeline } from ${SLUICE_API};
const source = { kind: 'file', path: 'rows.ndjson', format: 'ndjson' } as const;
const load = { kind: 'load', id: 'load_rows', input: 'fetch_rows',
  target: { table: 'pv_cli_rows', mode: 'append', columns: [{ name: 'name', type: 'text' }] } } as const;
export default [
  definePipeline({ name: 'keyless_merge', description: 'd', owner: 'tests', steps: [{ kind: 'fetch', id: 'fetch_rows', source }, load] }),
  definePipeline({ name: 'fetch_only', description: 'd', owner: 'tests', steps: [{ kind: 'fetch', id: 'fetch_rows', source }, load] }),
];
`,
  });

test('a preview that fails exits 1 with the failure; one the worker refuses exits 2', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-cli-preview-'));
  const project = await staleProject();
  await writeFile(path.join(dir, 'rows.ndjson'), '{"name":"a"}\n');
  const { worker, taskQueue } = await createTestWorker(cli.stack, {
    catalog: workerCatalog(),
    baseDir: dir,
    name: 'cli-preview-stale',
  });
  const env = { ...cli.env, SLUICE_TASK_QUEUE: taskQueue, SLUICE_PROJECT: project };
  const stale = (...args: string[]) => runProcess(['bin/sluice.js', ...args], env);
  try {
    await worker.runUntil(async () => {
      const failed = await stale('preview', 'keyless_merge', '--json');
      assert.equal(failed.code, 1, failed.stderr);
      const error = (JSON.parse(failed.stdout) as { error: { message: string } }).error;
      assert.match(error.message, /no value for key column\(s\) "id"/);
      const refused = await stale('preview', 'fetch_only');
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, /pipeline fetch_only has no load step/);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  }
});
