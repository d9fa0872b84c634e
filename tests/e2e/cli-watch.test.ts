// `sluice watch`, `status --wait` and `--wait` as processes with piped stdout: plain lines, final tables, exit codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runProcess, startProcess, type ProcessResult } from '../support/run-process';
import { useCliHarness } from '../support/cli-harness';

const cli = useCliHarness('cli-watch');
const { sluice, json } = cli;

/** Piped output must be plain: no ANSI escape sequence, no box-drawing character. */
function assertPlain({ stdout }: ProcessResult): void {
  assert.ok(!stdout.includes('\x1b['), `no escape codes in:\n${stdout}`);
  assert.doesNotMatch(stdout, /[\u2500-\u257f]/, `no box drawing in:\n${stdout}`);
}

/** Starts a gated run (no --wait) and returns its id once its gate waits. */
async function gatedRun(partition: string): Promise<string> {
  const started = await json('run', 'orders_reviewed', '--partition', partition);
  assert.equal(started.code, 0, started.stderr);
  const id = String(started.doc.workflowId);
  let status = '';
  for (let i = 0; i < 50 && status !== 'waiting'; i += 1)
    status = String((await json('status', id)).doc.status);
  assert.equal(status, 'waiting');
  return id;
}

test('run --wait, piped: one plain line per step change and a plain final table', async () => {
  const result = await sluice('run', 'orders_csv', '--wait');
  assert.equal(result.code, 0, result.stderr);
  assertPlain(result);
  assert.match(result.stdout, /^Started sluice\/orders_csv\/manual-/);
  assert.match(result.stdout, /^\S+Z load_orders_fct: succeeded \(\d+ rows\)\norders_csv: succeeded$/m);
  assert.match(result.stdout, /^orders_csv: succeeded\nstep +kind +status/m);
  assert.match(result.stdout, /^fetch_orders_csv +fetch +succeeded +1 /m);
});

test('watch follows a run another process started to its end; on an ended run it prints the end at once', async () => {
  const id = await gatedRun('2026-12-01');
  const watching = startProcess(['bin/sluice.js', 'watch', id], cli.env);
  await watching.waitFor(/review_orders: waiting/);
  assert.equal(watching.child.exitCode, null, 'watch waits while the gate does');
  const approved = await json('approve', id, '--step', 'review_orders');
  assert.equal(approved.code, 0, approved.stderr);
  const watched = await watching.done;
  assert.equal(watched.code, 0, watched.stderr);
  assertPlain(watched);
  assert.match(watched.stdout, /review_orders: waiting[\s\S]*load_orders_reviewed: succeeded/);
  assert.match(watched.stdout, /^orders_reviewed \[2026-12-01\]: succeeded$/m);

  const again = await sluice('watch', id);
  assert.equal(again.code, 0, again.stderr);
  assertPlain(again);
  assert.match(again.stdout, /^orders_reviewed \[2026-12-01\]: succeeded\n/m);
  for (const args of [
    ['watch', id],
    ['status', id, '--wait'],
  ]) {
    const { code, doc, stderr } = await json(...args);
    assert.equal(code, 0, stderr);
    assert.deepEqual([doc.workflowId, doc.pipeline, doc.status], [id, 'orders_reviewed', 'succeeded']);
    const steps = (doc.summary as { steps: { id: string; status: string }[] }).steps;
    assert.deepEqual(
      steps.map((s) => [s.id, s.status]),
      [
        ['fetch_orders_csv', 'succeeded'],
        ['validate_orders', 'succeeded'],
        ['review_orders', 'succeeded'],
        ['load_orders_reviewed', 'succeeded'],
      ],
    );
  }
});

test('watch exits 1 on a failed run after its final table, 2 on an unknown run, 3 when the server is away', async () => {
  const id = await gatedRun('2026-12-02');
  const watching = startProcess(['bin/sluice.js', 'watch', id], cli.env);
  await watching.waitFor(/review_orders: waiting/);
  assert.equal((await json('abort', id, '--step', 'review_orders')).code, 0);
  const failed = await watching.done;
  assert.equal(failed.code, 1, failed.stderr);
  assertPlain(failed);
  assert.match(failed.stdout, /^orders_reviewed \[2026-12-02\]: failed$/m);
  assert.match(failed.stderr, /^sluice: .*review_orders/m);
  const failedJson = await json('watch', id);
  assert.equal(failedJson.code, 1);
  const error = failedJson.doc.error as { code: number; state: { status: string } };
  assert.deepEqual([error.code, error.state.status], [1, 'failed']);

  const unknown = await sluice('watch', 'sluice/orders_csv/never');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no run "sluice\/orders_csv\/never"/);
  const unreachable = await runProcess(['bin/sluice.js', 'watch', id], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
  assert.equal(unreachable.code, 3);
  assert.match(unreachable.stderr, /cannot reach Temporal at 127\.0\.0\.1:1/);
});

test('backfill --wait, piped: plain progress lines and the counts', async () => {
  const result = await sluice(
    'backfill',
    'orders_csv',
    '--from',
    '2026-12-01',
    '--to',
    '2026-12-02',
    '--wait',
  );
  assert.equal(result.code, 0, result.stderr);
  assertPlain(result);
  assert.match(result.stdout, /^\S+Z [0-2]\/2 finished \(running \d, failed 0\)$/m);
  assert.match(result.stdout, /^done 2, skipped 0, failed 0$/m);
});
