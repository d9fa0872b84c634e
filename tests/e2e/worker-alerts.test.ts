// `sluice worker` with SLUICE_ALERT_WEBHOOK_URL: a real error-severity check fails a real load, and a local receiver gets one alert per event.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { startRun } from '../../client/start-run';
import { startProcess } from '../support/run-process';
import { SLUICE_API, writeProject } from '../support/temp-project';
import { uniqueTaskQueue, useTestStack } from '../support/test-stack';
import { useWebhookReceiver, WEBHOOK_TOKEN } from '../support/webhook-receiver';

const PIPELINE = `
import { definePipeline } from ${SLUICE_API};
const checkedIds = definePipeline({
  name: 'checked_ids',
  description: 'ids loaded, then checked: at most one row may land',
  owner: 'tests',
  steps: [
    { kind: 'fetch', id: 'fetch_ids', source: { kind: 'file', path: 'data/ids.csv', format: 'csv' } },
    {
      kind: 'load',
      id: 'load_ids',
      input: 'fetch_ids',
      target: { table: 'alert_ids_fct', mode: 'append', columns: [{ name: 'id', type: 'bigint' }] },
      checks: [{ kind: 'row_count', max: 1 }],
    },
  ],
});
export const pipelines = [checkedIds];
`;

const stack = useTestStack();
const receiver = useWebhookReceiver();

test('a worker process sends the failed check and the failed run, once each, and never logs the webhook URL', async () => {
  const dir = await writeProject({
    'sluice.config.ts': `import { defineConfig } from ${SLUICE_API};\nexport default defineConfig({ pipelines: './pipelines.ts' });\n`,
    'pipelines.ts': PIPELINE,
    'data/ids.csv': 'id\n1\n2\n3\n',
  });
  const taskQueue = uniqueTaskQueue('alerts');
  const worker = startProcess([path.resolve('bin/sluice.js'), '--project', dir, 'worker'], {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_TASK_QUEUE: taskQueue,
    SLUICE_ALERT_WEBHOOK_URL: receiver.url.href,
    SLUICE_UI_URL: 'http://localhost:8233',
  });
  await worker.waitFor(/worker polling/);
  const run = await startRun(stack.temporal.client, {
    pipeline: 'checked_ids',
    trigger: 'manual',
    taskQueue,
  });
  await assert.rejects(run.result(), WorkflowFailedError);
  const { runId } = await run.describe();
  const ids = [
    `${run.workflowId}/${runId}/check_failed/load_ids/1`,
    `${run.workflowId}/${runId}/run_failed/load_ids/1`,
  ];
  for (const id of ids)
    assert.equal(await stack.temporal.client.workflow.getHandle(`sluice-alert/${id}`).result(), 'delivered');
  worker.child.kill('SIGTERM');
  const result = await worker.done;
  assert.equal(result.code, 0, result.stderr);

  const received = receiver.received.filter((r) =>
    String(r.headers['idempotency-key']).startsWith(run.workflowId),
  );
  assert.deepEqual(received.map((r) => r.headers['idempotency-key']).sort(), ids);
  const check = received.find((r) => r.headers['idempotency-key'] === ids[0]);
  assert.match(JSON.stringify(check?.body), /row_count/);
  assert.match(
    JSON.stringify(check?.body),
    new RegExp(
      `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(run.workflowId)}/${runId}/history`,
    ),
  );
  assert.match(result.stdout, /"msg":"alert delivered"/);
  assert.match(
    result.stdout,
    /"alerts":"http:\/\/127\.0\.0\.1:\d+"/,
    'the worker says where alerts go, by origin',
  );
  assert.ok(!result.stdout.includes(WEBHOOK_TOKEN), 'the webhook token never reaches the logs');
});
