// Webhook alerts on the real dev server with a real local HTTP receiver: one per event, retried on a 5xx, never holding a run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createSendAlert } from '../../activities/alerts/send-alert';
import type { AlertEvent } from '../../core/alerts/alert-event';
import { approveUpdate, stepActionUpdate } from '../../core/run/messages';
import { freePort } from '../../devstack/port-check';
import { startRun } from '../../client/start-run';
import { recordHistory } from '../support/record-history';
import { runActivity } from '../support/run-activity';
import { startScriptedWorker, useScriptedWorker } from '../support/scripted-worker';
import { useWebhookReceiver, WEBHOOK_TOKEN, type ReceivedWebhook } from '../support/webhook-receiver';
import { testCatalog } from './pipelines';
import { runPipelineHelpers, until, type Run } from './run-pipeline-fixtures';

const UI_URL = new URL('http://ui.example.test:8233/');
const receiver = useWebhookReceiver();
const harness = useScriptedWorker(testCatalog, {
  alerts: () => ({ webhookUrl: receiver.url, uiUrl: UI_URL }),
});
const { start } = runPipelineHelpers(harness);

const terminal = (type: string, message: string) =>
  ApplicationFailure.create({ type, message, nonRetryable: true });

/** What the receiver got about `run`, in order; `status` filters by the answer given. */
const about = (run: Run, received: ReceivedWebhook[]) =>
  received.filter((r) => String(r.headers['idempotency-key']).startsWith(`${run.workflowId}/`));
const kindOf = (r: ReceivedWebhook) => String(r.headers['idempotency-key']).split('/').at(-3);

/** The delivery workflow of one event: its result says how it ended. */
const delivery = (eventId: string) =>
  harness.stack.temporal.client.workflow.getHandle<() => Promise<string>>(`sluice-alert/${eventId}`);

interface SlackText {
  type: string;
  text: string;
}
interface SlackBlock {
  type: string;
  text?: SlackText;
  fields?: SlackText[];
  elements?: { type: string; text: SlackText; url: string }[];
}

/** Slack's documented limits for incoming-webhook messages (Block Kit), checked field by field. */
function assertSlackShape(body: unknown): asserts body is { text: string; blocks: SlackBlock[] } {
  const message = body as { text?: unknown; blocks?: unknown };
  assert.equal(typeof message.text, 'string', 'text: the fallback every client shows');
  assert.ok((message.text as string).length > 0 && (message.text as string).length <= 40_000);
  assert.ok(Array.isArray(message.blocks) && message.blocks.length > 0 && message.blocks.length <= 50);
  for (const block of message.blocks as SlackBlock[]) {
    if (block.type === 'header') {
      assert.equal(block.text?.type, 'plain_text');
      assert.ok((block.text?.text.length ?? 0) > 0 && (block.text?.text.length ?? 0) <= 150);
    } else if (block.type === 'section') {
      assert.ok(block.text || block.fields, 'a section has text or fields');
      if (block.text) {
        assert.ok(['mrkdwn', 'plain_text'].includes(block.text.type));
        assert.ok(block.text.text.length <= 3000);
      }
      for (const field of block.fields ?? []) {
        assert.ok(['mrkdwn', 'plain_text'].includes(field.type));
        assert.ok(field.text.length <= 2000);
      }
      assert.ok((block.fields ?? []).length <= 10);
    } else if (block.type === 'actions') {
      for (const element of block.elements ?? []) {
        assert.equal(element.type, 'button');
        assert.equal(element.text.type, 'plain_text');
        assert.ok(element.text.text.length <= 75);
        assert.ok(URL.canParse(element.url) && element.url.length <= 3000);
      }
    } else {
      assert.fail(`unexpected block type ${String(block.type)}`);
    }
  }
}

test('a failing run sends exactly one alert, shaped as Slack takes it, with its pipeline, partition, step, reason and link', async () => {
  harness.worker.scripts.set('daily_one/work', async () => {
    throw terminal('SluiceBadInput', 'row 7: amount is not a number');
  });
  const run = await start('daily_one', '2026-01-03');
  await assert.rejects(run.result(), WorkflowFailedError);
  const { runId } = await run.describe();
  const eventId = `${run.workflowId}/${runId}/run_failed/work/1`;
  assert.equal(await delivery(eventId).result(), 'delivered');
  const alerts = about(run, receiver.received);
  assert.equal(alerts.length, 1, 'exactly one request');
  const [alert] = alerts as [ReceivedWebhook];
  assert.equal(alert.headers['idempotency-key'], eventId);
  assert.equal(alert.headers['content-type'], 'application/json');
  assert.equal(alert.path, `/services/${WEBHOOK_TOKEN}`);
  assertSlackShape(alert.body);
  const all = JSON.stringify(alert.body);
  for (const part of ['daily_one', '2026-01-03', 'work', 'row 7: amount is not a number', run.workflowId])
    assert.ok(all.includes(part), `the alert names ${part}: ${all}`);
  const button = alert.body.blocks.find((b) => b.type === 'actions')?.elements?.[0];
  assert.equal(
    button?.url,
    `http://ui.example.test:8233/namespaces/default/workflows/${encodeURIComponent(run.workflowId)}/${runId}/history`,
  );
  const { rows } = await harness.stack.pool.query(
    'SELECT event_id, kind, step, attempts FROM sluice.alert_deliveries WHERE workflow_id = $1',
    [run.workflowId],
  );
  assert.deepEqual(rows, [{ event_id: eventId, kind: 'run_failed', step: 'work', attempts: 1 }]);
  await recordHistory(run, 'alert-run-failed', harness.stack.temporalAddress);
});

test('a 500 from the webhook is retried with backoff, then one delivery is recorded', async () => {
  harness.worker.scripts.set('failing/a', async () => {
    throw terminal('SluiceBadInput', 'the source is gone');
  });
  const run = await start('failing', undefined);
  const { runId } = await run.describe();
  const eventId = `${run.workflowId}/${runId}/run_failed/a/1`;
  receiver.answer = (key, nth) => (key === eventId && nth <= 2 ? 500 : 200);
  await assert.rejects(run.result(), WorkflowFailedError);
  assert.equal(await delivery(eventId).result(), 'delivered');
  assert.deepEqual(
    about(run, receiver.received).map((r) => r.status),
    [500, 500, 200],
  );
  const { rows } = await harness.stack.pool.query(
    'SELECT attempts FROM sluice.alert_deliveries WHERE event_id = $1',
    [eventId],
  );
  assert.deepEqual(rows, [{ attempts: 3 }]);
});

test('a delivery retried after it succeeded sends nothing again', async () => {
  const sendAlert = createSendAlert(harness.stack.pool, { webhookUrl: receiver.url });
  const event: AlertEvent = {
    id: 'sluice/orders/manual-x/run-1/run_failed/load/1',
    kind: 'run_failed',
    pipeline: 'orders',
    step: 'load',
    reason: 'boom',
    workflowId: 'sluice/orders/manual-x',
    runId: 'run-1',
  };
  assert.equal(await runActivity(sendAlert, [event]), 'delivered');
  assert.equal(await runActivity(sendAlert, [event], new MockActivityEnvironment()), 'delivered earlier');
  assert.equal(receiver.received.filter((r) => r.headers['idempotency-key'] === event.id).length, 1);
});

test('a webhook that refuses the message (a 4xx) is not retried: the failure names the status and the setting', async () => {
  const sendAlert = createSendAlert(harness.stack.pool, { webhookUrl: receiver.url });
  const event: AlertEvent = {
    id: 'sluice/orders/manual-y/run-2/run_failed/load/1',
    kind: 'run_failed',
    pipeline: 'orders',
    reason: 'boom',
    workflowId: 'sluice/orders/manual-y',
    runId: 'run-2',
  };
  receiver.answer = (key) => (key === event.id ? 404 : 200);
  await assert.rejects(runActivity(sendAlert, [event]), (err: unknown) => {
    assert.ok(err instanceof ApplicationFailure);
    assert.equal(err.type, 'SluiceAlertRefused');
    assert.equal(err.nonRetryable, true);
    assert.match(err.message, /answered 404 \(server_error\): check SLUICE_ALERT_WEBHOOK_URL/);
    assert.ok(!err.message.includes(WEBHOOK_TOKEN), 'the token never reaches the message');
    return true;
  });
  const { rows } = await harness.stack.pool.query(
    'SELECT 1 FROM sluice.alert_deliveries WHERE event_id = $1',
    [event.id],
  );
  assert.equal(rows.length, 0, 'a refused alert is not recorded as delivered');
});

test('a failed error-severity check, the step parked after it, and the failed run each send one alert', async () => {
  harness.worker.scripts.set('parking/a', async () => {
    throw terminal('SluiceCheckFailed', '1 of 1 checks failed: not_null(id): 3 rows have a null');
  });
  const run = await start('parking', 'alerts-case');
  await until(run, (s) => s.status === 'waiting', 'the run to park');
  await receiver.until((r) => about(run, r).length === 2, 'the check and parked alerts');
  await run.executeUpdate(stepActionUpdate, { args: [{ step: 'a', action: 'abort' }] });
  await assert.rejects(run.result(), WorkflowFailedError);
  const { runId } = await run.describe();
  assert.equal(await delivery(`${run.workflowId}/${runId}/run_failed/a/1`).result(), 'delivered');
  const alerts = about(run, receiver.received);
  // The check and parked alerts start together, so either may arrive first.
  assert.deepEqual(alerts.map(kindOf).sort(), ['check_failed', 'run_failed', 'step_parked']);
  for (const alert of alerts) {
    assertSlackShape(alert.body);
    const reason = kindOf(alert) === 'run_failed' ? /a: aborted by an operator/ : /not_null\(id\): 3 rows/;
    assert.match(alert.body.text, reason);
  }
});

test('a gate waiting for approval sends one alert; the run it lets through sends no other', async () => {
  const run = await start('gated');
  await until(run, (s) => s.steps.find((step) => step.id === 'approve_a')?.status === 'waiting', 'the gate');
  await receiver.until((r) => about(run, r).length === 1, 'the gate alert');
  const [waiting] = about(run, receiver.received);
  await run.executeUpdate(approveUpdate, { args: [{ step: 'approve_a' }] });
  assert.equal((await run.result()).status, 'succeeded');
  assert.ok(waiting);
  assert.deepEqual(about(run, receiver.received).map(kindOf), ['gate_waiting']);
  assertSlackShape(waiting.body);
  assert.match(waiting.body.text, /gate waiting for approval \(pipeline gated, step approve_a\)/);
});

test('a webhook that is down leaves the run failing as it would, without waiting for the delivery', async () => {
  const down = new URL(`http://127.0.0.1:${await freePort()}/services/${WEBHOOK_TOKEN}`);
  const worker = await startScriptedWorker(harness.stack, testCatalog, { alerts: { webhookUrl: down } });
  try {
    worker.scripts.set('failing/a', async () => {
      throw terminal('SluiceBadInput', 'the source is gone');
    });
    const run = await startRun(harness.stack.temporal.client, {
      pipeline: 'failing',
      trigger: 'manual',
      taskQueue: worker.taskQueue,
    });
    await assert.rejects(run.result(), (err: unknown) => {
      assert.ok(err instanceof WorkflowFailedError);
      assert.match(String(err.cause?.message), /a: the source is gone/);
      return true;
    });
    const { runId } = await run.describe();
    const alert = delivery(`${run.workflowId}/${runId}/run_failed/a/1`);
    assert.equal(
      (await alert.describe()).status.name,
      'RUNNING',
      'the run ended while its alert still retries',
    );
    const deadline = Date.now() + 15_000;
    let pending = (await alert.describe()).raw.pendingActivities?.[0];
    while ((pending?.attempt ?? 0) < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      pending = (await alert.describe()).raw.pendingActivities?.[0];
    }
    assert.ok((pending?.attempt ?? 0) >= 2, 'the delivery retries');
    const failure = String(pending?.lastFailure?.message);
    assert.match(failure, /the alert webhook at http:\/\/127\.0\.0\.1:\d+ did not answer/);
    assert.ok(!failure.includes(WEBHOOK_TOKEN), 'the token never reaches a failure message');
    await alert.terminate('test over');
  } finally {
    await worker.stop();
  }
});
