// `sluice worker` with SLUICE_METRICS_ADDRESS: after one run, /metrics carries the SDK's worker metrics; a port in use is named.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { startRun } from '../../client/start-run';
import { freePort } from '../../devstack/port-check';
import { EXAMPLE_WORKER } from '../support/example-project';
import { startProcess } from '../support/run-process';
import { uniqueTaskQueue, useTestStack } from '../support/test-stack';

const stack = useTestStack();

/** Sample lines of a Prometheus text exposition (no comments), by metric name without `_bucket|_sum|_count`. */
function samplesByName(exposition: string): Map<string, string[]> {
  const samples = new Map<string, string[]>();
  for (const line of exposition.split('\n')) {
    const name = /^[a-zA-Z_:][\w:]*/.exec(line)?.[0].replace(/_(bucket|sum|count)$/, '');
    if (name) samples.set(name, [...(samples.get(name) ?? []), line]);
  }
  return samples;
}

test('a worker serves Temporal worker metrics for Prometheus once it has run a pipeline', async () => {
  const taskQueue = uniqueTaskQueue('metrics');
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  const worker = startProcess(EXAMPLE_WORKER, {
    TEMPORAL_ADDRESS: stack.temporalAddress,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_TASK_QUEUE: taskQueue,
    SLUICE_METRICS_ADDRESS: metricsAddress,
  });
  try {
    await worker.waitFor(/worker polling/);
    assert.match(worker.output(), new RegExp(`"url":"http://${metricsAddress}/metrics"`));
    const handle = await startRun(stack.temporal.client, {
      pipeline: 'orders_csv',
      trigger: 'manual',
      taskQueue,
    });
    await handle.result();
    const response = await fetch(`http://${metricsAddress}/metrics`);
    assert.equal(response.status, 200);
    const samples = samplesByName(await response.text());
    const listing = [...samples.keys()].sort().join('\n');
    for (const name of ['temporal_activity_execution_latency', 'temporal_workflow_task_execution_latency'])
      assert.ok(samples.has(name), `${name} missing from /metrics:\n${listing}`);
    const completed = samples.get('temporal_workflow_completed') ?? [];
    assert.ok(
      completed.some(
        (line) =>
          line.includes(`task_queue="${taskQueue}"`) &&
          line.includes('workflow_type="runPipeline"') &&
          line.endsWith(' 1'),
      ),
      `no completed runPipeline on ${taskQueue}:\n${completed.join('\n') || listing}`,
    );
  } finally {
    worker.child.kill('SIGTERM');
    await worker.done;
  }
});

test('a metrics port in use stops the worker at start with a message naming SLUICE_METRICS_ADDRESS', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(taken.address() as AddressInfo).port}`;
  try {
    const worker = startProcess(EXAMPLE_WORKER, {
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      SLUICE_TASK_QUEUE: uniqueTaskQueue('metrics-port'),
      SLUICE_METRICS_ADDRESS: address,
    });
    const result = await worker.done;
    assert.notEqual(result.code, 0);
    assert.match(
      result.stderr,
      new RegExp(`SLUICE_METRICS_ADDRESS=${address}: cannot listen there \\(EADDRINUSE\\)`),
    );
    assert.doesNotMatch(result.stdout, /worker polling/);
  } finally {
    taken.close();
  }
});
