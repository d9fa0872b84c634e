// Payload encryption end to end: an encrypting CLI and worker leave no clear text in Temporal, yet read runs normally.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { KeyRing } from '../../runtime/codec/key-ring';
import { RunFailedError } from '../../client/run-errors';
import { SluiceClient } from '../../client/sluice-client';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { rawHistory } from '../support/raw-history';
import { runProcess, startProcess, type RunningProcess } from '../support/run-process';
import { createSluiceWorker } from '../../workers/worker';
import { EXAMPLE_DIR, EXAMPLE_WORKER, exampleCatalog } from '../support/example-project';
import {
  createTestWorker,
  startTestStack,
  uniqueTaskQueue,
  workflowBundle,
  type TestStack,
} from '../support/test-stack';

const key = randomBytes(32).toString('base64');
const KEYS = `e2e-key:${key}`;
const STEPS = ['fetch_orders_csv', 'validate_orders', 'load_orders_fct'];

let stack: TestStack;
let worker: RunningProcess;
let env: NodeJS.ProcessEnv;

before(async () => {
  stack = await startTestStack();
  const taskQueue = uniqueTaskQueue('encrypted');
  env = { TEMPORAL_ADDRESS: stack.temporalAddress, SLUICE_TASK_QUEUE: taskQueue };
  worker = startProcess(EXAMPLE_WORKER, {
    ...env,
    DATABASE_URL: stack.databaseUrl,
    SLUICE_ENCRYPTION_KEYS: KEYS,
    LOG_LEVEL: 'debug',
  });
  await worker.waitFor(/worker polling/);
});

after(async () => {
  worker.child.kill('SIGTERM');
  await worker.done;
  await stack.stopAll();
});

const sluice = (keys: string | undefined, ...args: string[]) =>
  runProcess(['bin/sluice.js', ...args], { ...env, SLUICE_ENCRYPTION_KEYS: keys ?? '' });

test('a run through an encrypting CLI and worker: Temporal holds no input, step name or result in clear', async () => {
  const marker = `region-${randomBytes(6).toString('hex')}`;
  const run = await sluice(KEYS, 'run', 'orders_csv', '--param', `region=${marker}`, '--wait', '--json');
  assert.equal(run.code, 0, run.stderr);
  const { workflowId, status } = JSON.parse(run.stdout) as { workflowId: string; status: string };
  assert.equal(status, 'succeeded');

  const { text } = await rawHistory(stack, workflowId);
  assert.match(text, /binary\/encrypted/, 'payloads are encrypted');
  assert.match(text, /e2e-key/, 'and name their key');
  for (const secret of [marker, ...STEPS, 'fct_orders', 'orders.csv'])
    assert.ok(!text.includes(secret), `"${secret}" must not appear in the stored history`);
  assert.match(text, /orders_csv/, 'the workflow id and search attributes stay clear, as documented');

  const status2 = await sluice(KEYS, 'status', workflowId, '--json');
  assert.equal(status2.code, 0, status2.stderr);
  const state = JSON.parse(status2.stdout) as { status: string; steps: { id: string; status: string }[] };
  assert.equal(state.status, 'succeeded');
  assert.deepEqual(
    state.steps.map((s) => `${s.id}:${s.status}`),
    STEPS.map((id) => `${id}:succeeded`),
  );

  const keyless = await sluice(undefined, 'status', workflowId);
  assert.equal(keyless.code, 2, keyless.stderr);
  assert.match(keyless.stderr, /key "e2e-key"/);
  assert.match(keyless.stderr, /SLUICE_ENCRYPTION_KEYS/);

  const output = [worker.output(), run.stdout, run.stderr, keyless.stderr].join('\n');
  assert.ok(!output.includes(key), 'key material never reaches logs or messages');
  assert.match(worker.output(), /"encryption":\{"encryptingId":"e2e-key","ids":\["e2e-key"\]\}/);
});

test('a CLI without the key starts a run, then says the run was started and its result is unreadable: exit 1', async () => {
  const run = await sluice(undefined, 'run', 'orders_csv', '--partition', '2026-01-02', '--wait');
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^Started sluice\/orders_csv\/2026-01-02$/m);
  assert.match(run.stderr, /run sluice\/orders_csv\/2026-01-02 was started \(do not start it again\)/);
  assert.match(run.stderr, /key "e2e-key".*SLUICE_ENCRYPTION_KEYS/);

  const unstarted = await sluice(undefined, 'status', 'sluice/orders_csv/2026-01-02');
  assert.equal(unstarted.code, 2, 'reading without the key, with nothing started, stays a usage error');
});

test('a failing step: its error message is encrypted in history and readable through the keyed client', async () => {
  const secret = `secret-${randomBytes(6).toString('hex')}`;
  const failing = definePipeline({
    name: 'failing_secretly',
    description: 'throws an error naming a secret',
    owner: 'tests',
    steps: [
      {
        kind: 'fetch',
        id: 'fetch_orders_csv',
        source: { kind: 'file', path: 'data/orders.csv', format: 'csv' },
      },
      {
        kind: 'transform',
        id: 'transform_leaky',
        inputs: ['fetch_orders_csv'],
        retry: { maximumAttempts: 1 },
        rows: () => {
          throw new Error(`cannot reach ${secret}`);
        },
      },
    ],
  });
  const keyRing = KeyRing.parse(KEYS).ring as KeyRing;
  const { worker: inProcess, taskQueue } = await createTestWorker(
    { ...stack, keyRing },
    { catalog: new Map([...(await exampleCatalog()), [failing.name, failing]]), name: 'leaky' },
  );
  await inProcess.runUntil(async () => {
    const client = await SluiceClient.fromEnv({
      ...env,
      SLUICE_TASK_QUEUE: taskQueue,
      SLUICE_ENCRYPTION_KEYS: KEYS,
    });
    try {
      const { workflowId } = await client.start({ pipeline: failing.name });
      await assert.rejects(client.result(workflowId), (err: unknown) => {
        assert.ok(err instanceof RunFailedError);
        assert.match(err.message, new RegExp(secret));
        return true;
      });
      const { text } = await rawHistory(stack, workflowId);
      assert.match(text, /Encoded failure/, 'failure messages travel encrypted');
      assert.ok(!text.includes(secret), 'the step error never appears in clear');
      assert.ok(!text.includes('transform_leaky'));
    } finally {
      await client.close();
    }
  });
});

test('an encrypting worker refuses a prebuilt bundle not declared as built with the encrypted failure converter', async () => {
  await assert.rejects(
    createSluiceWorker({
      connection: stack.temporal.nativeConnection,
      namespace: 'default',
      taskQueue: uniqueTaskQueue('undeclared'),
      pool: stack.pool,
      catalog: await exampleCatalog(),
      baseDir: EXAMPLE_DIR,
      keyRing: KeyRing.parse(KEYS).ring as KeyRing,
      workflowBundle: await workflowBundle(),
    }),
    /would store workflow failures in clear.*bundleEncryptsFailures: true/,
  );
});
