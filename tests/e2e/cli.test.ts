// The `sluice` CLI as a process against the real dev server and a worker: commands, JSON, exit codes, errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runProcess, startProcess } from '../support/run-process';
import { useCliHarness } from '../support/cli-harness';

const cli = useCliHarness('cli');
const { sluice, json } = cli;

test('run --wait --json: one document with the summary, exit 0', async () => {
  const { code, doc, stderr } = await json('run', 'orders_csv', '--wait');
  assert.equal(code, 0, stderr);
  assert.equal(doc.status, 'succeeded');
  assert.match(String(doc.workflowId), /^sluice\/orders_csv\/manual-/);
  const steps = (doc.summary as { steps: { id: string; rowsOut: number }[] }).steps;
  assert.deepEqual(
    steps.map((s) => s.id),
    ['fetch_orders_csv', 'validate_orders', 'load_orders_fct'],
  );
  const status = await json('status', String(doc.workflowId));
  assert.equal(status.code, 0);
  assert.equal(status.doc.status, 'succeeded');
  const listed = await json('list', '--pipeline', 'orders_csv', '--status', 'succeeded');
  assert.ok((listed.doc.runs as { workflowId: string }[]).some((r) => r.workflowId === doc.workflowId));
});

test('a gated run: waiting status, refused double start, attach, approve, exit codes', async () => {
  const started = await json('run', 'orders_reviewed', '--partition', '2026-11-20');
  assert.equal(started.code, 0, started.stderr);
  const id = 'sluice/orders_reviewed/2026-11-20';
  assert.deepEqual(started.doc, { workflowId: id, pipeline: 'orders_reviewed', status: 'started' });

  let state: Record<string, unknown> = {};
  for (let i = 0; i < 50 && state.status !== 'waiting'; i += 1) state = (await json('status', id)).doc;
  assert.equal(state.status, 'waiting');

  const again = await sluice('run', 'orders_reviewed', '--partition', '2026-11-20');
  assert.equal(again.code, 2);
  assert.match(again.stderr, /sluice\/orders_reviewed\/2026-11-20 is already running/);

  const wrong = await sluice('retry', id, '--step', 'review_orders');
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /step "review_orders" is waiting; only a failed step parked/);
  const unknownStep = await sluice('approve', id, '--step', 'nope');
  assert.equal(unknownStep.code, 2);
  assert.match(unknownStep.stderr, /unknown step "nope"/);

  const described = await json('describe', id);
  assert.equal(described.doc.temporalStatus, 'RUNNING');
  assert.equal((described.doc.memo as { owner?: string }).owner, 'data-platform');

  const attach = startProcess(
    ['bin/sluice.js', 'run', 'orders_reviewed', '--partition', '2026-11-20', '--attach'],
    cli.env,
  );
  await attach.waitFor(/Attached to sluice\/orders_reviewed\/2026-11-20/);
  const approved = await json('approve', id, '--step', 'review_orders');
  assert.equal(approved.code, 0, approved.stderr);
  const attached = await attach.done;
  assert.equal(attached.code, 0, attached.stderr);
  assert.match(attached.stdout, /orders_reviewed \[2026-11-20\]: succeeded/);
});

test('pause, resume and cancel answer with JSON; a cancelled run is reported as such', async () => {
  const started = await json('run', 'orders_reviewed', '--partition', '2026-11-21');
  const id = String(started.doc.workflowId);
  for (const action of ['pause', 'resume']) {
    const result = await json(action, id);
    assert.deepEqual(result.doc, { workflowId: id, action, ok: true });
  }
  assert.equal((await json('cancel', id)).code, 0);
  let state: Record<string, unknown> = {};
  for (let i = 0; i < 50 && state.status !== 'cancelled'; i += 1) state = (await json('status', id)).doc;
  assert.equal(state.status, 'cancelled');
});

test('usage errors exit 2 with a one-line reason; an unreachable server exits 3 naming it', async () => {
  const cases: [string[], RegExp][] = [
    [['run', 'nope'], /unknown pipeline "nope"; known pipelines: orders_csv, orders_reviewed, monthly_spend/],
    [['run', 'orders_csv', '--param', '=x'], /--param expects key=value/],
    [['status', 'sluice/orders_csv/never'], /no run "sluice\/orders_csv\/never"/],
    [['list', '--limit', '0'], /--limit must be a whole number/],
    [['list', '--status', 'happy'], /--status must be one of/],
    [['retry', 'x'], /required option '--step <id>' not specified/],
    [['pipelines', 'show', 'ghost'], /unknown pipeline "ghost"/],
  ];
  for (const [args, message] of cases) {
    const result = await sluice(...args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
  const unreachable = await runProcess(['bin/sluice.js', 'list'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
  assert.equal(unreachable.code, 3);
  assert.match(unreachable.stderr, /cannot reach Temporal at 127\.0\.0\.1:1/);
  const badEnv = await runProcess(['bin/sluice.js', 'list'], {
    TEMPORAL_ADDRESS: 'nope',
    TEMPORAL_TLS_CLIENT_CERT_PATH: 'c.pem',
  });
  assert.equal(badEnv.code, 2);
  assert.match(badEnv.stderr, /TEMPORAL_ADDRESS="nope": must be host:port/);
  assert.match(badEnv.stderr, /TEMPORAL_TLS_CLIENT_CERT_PATH="c.pem": cannot read it \(no such file\)/);
  assert.match(badEnv.stderr, /TEMPORAL_TLS_CLIENT_CERT_PATH is set without TEMPORAL_TLS_CLIENT_KEY_PATH/);
});

test('pipelines list and show: the catalog, steps and Mermaid lineage', async () => {
  const list = await json('pipelines', 'list');
  assert.deepEqual(
    (list.doc.pipelines as { name: string }[]).map((p) => p.name),
    ['orders_csv', 'orders_reviewed', 'monthly_spend', 'daily_orders', 'leave_requests'],
  );
  const show = await json('pipelines', 'show', 'orders_reviewed');
  assert.deepEqual(
    (show.doc.steps as { id: string; needs: string[] }[]).map((s) => [s.id, s.needs]),
    [
      ['fetch_orders_csv', []],
      ['validate_orders', []],
      ['review_orders', ['validate_orders']],
      ['load_orders_reviewed', ['review_orders']],
    ],
  );
  assert.match(String(show.doc.mermaid), /load_orders_reviewed --> tbl_fct_orders_reviewed/);
});
