// Worker and client really connect over mTLS from Temporal's names, a TOML profile, and the old names (with their note).
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { NativeConnection } from '@temporalio/worker';
import { connectClient } from '../../client/connect';
import { startRun } from '../../client/start-run';
import { connectionConfigSchema } from '../../runtime/connection-config';
import { parseEnv } from '../../runtime/parse-env';
import { renamedNote } from '../../runtime/renamed-variables';
import { EXAMPLE_WORKER } from '../support/example-project';
import { runProcess, startProcess } from '../support/run-process';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';
import { startTlsFront, TLS_CLIENT_NAME, TLS_SERVER_NAME, type TlsFront } from '../support/tls-front';

let stack: TestStack;
let front: TlsFront;
let dir: string;

before(async () => {
  stack = await startTestStack();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sluice-tls-'));
  front = await startTlsFront(stack.temporalAddress, dir);
});

after(async () => {
  await front.close();
  await stack.stopAll();
  await rm(dir, { recursive: true, force: true });
});

/** Temporal's variables for the front's server side; XDG_CONFIG_HOME keeps a developer's own temporal.toml out. */
const serverEnv = () => ({
  TEMPORAL_ADDRESS: front.address,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: front.files.ca,
  TEMPORAL_TLS_SERVER_NAME: TLS_SERVER_NAME,
  XDG_CONFIG_HOME: dir,
});

test("a client connects over mTLS from Temporal's variable names; without the client certificate it cannot", async () => {
  const accepted = front.clients.length;
  const client = await connectClient(
    parseEnv(connectionConfigSchema, {
      ...serverEnv(),
      TEMPORAL_TLS_CLIENT_CERT_PATH: front.files.clientCert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: front.files.clientKey,
    }),
  );
  try {
    const info = await client.workflowService.getSystemInfo({});
    assert.ok(info.serverVersion, 'the server answered through the TLS front');
  } finally {
    await client.connection.close();
  }
  assert.deepEqual(front.clients.slice(accepted), [TLS_CLIENT_NAME], 'the front saw our client certificate');
  const withoutCert = parseEnv(connectionConfigSchema, serverEnv()).temporal.options;
  await assert.rejects(
    NativeConnection.connect(withoutCert),
    /CertificateRequired|certificate required|connection closed|broken pipe/i,
  );
});

test('a worker process connects over mTLS from a TOML profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE) and runs a pipeline', async () => {
  const config = path.join(dir, 'temporal.toml');
  await writeFile(
    config,
    [
      '[profile.local]',
      'address = "127.0.0.1:1"',
      '[profile.behind-tls]',
      `address = "${front.address}"`,
      'namespace = "default"',
      '[profile.behind-tls.tls]',
      `client_cert_path = "${front.files.clientCert}"`,
      `client_key_path = "${front.files.clientKey}"`,
      `server_ca_cert_path = "${front.files.ca}"`,
      `server_name = "${TLS_SERVER_NAME}"`,
      '',
    ].join('\n'),
  );
  const taskQueue = uniqueTaskQueue('tls');
  const worker = startProcess(EXAMPLE_WORKER, {
    TEMPORAL_CONFIG_FILE: config,
    TEMPORAL_PROFILE: 'behind-tls',
    TEMPORAL_ADDRESS: '',
    DATABASE_URL: stack.databaseUrl,
    SLUICE_TASK_QUEUE: taskQueue,
  });
  try {
    await worker.waitFor(/worker polling/);
    const handle = await startRun(stack.temporal.client, {
      pipeline: 'orders_csv',
      trigger: 'manual',
      taskQueue,
    });
    const summary = await handle.result();
    assert.equal(summary.steps.find((s) => s.id === 'fetch_orders_csv')?.rowsOut, 25);
  } finally {
    worker.child.kill('SIGTERM');
  }
  const result = await worker.done;
  assert.equal(result.code, 0, result.stderr);
  assert.ok(front.clients.includes(TLS_CLIENT_NAME));
});

test('the CLI connects with the old names too, printing one deprecation line for each', async () => {
  const result = await runProcess(['bin/sluice.js', 'list', '--json'], {
    TEMPORAL_ADDRESS: front.address,
    TEMPORAL_TLS_CERT: front.files.clientCert,
    TEMPORAL_TLS_KEY: front.files.clientKey,
    TEMPORAL_TLS_CA: front.files.ca,
    TEMPORAL_TLS_SERVER_NAME: TLS_SERVER_NAME,
    XDG_CONFIG_HOME: dir,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(Array.isArray((JSON.parse(result.stdout) as { runs: unknown }).runs));
  assert.deepEqual(result.stderr.trim().split('\n'), [
    renamedNote('TEMPORAL_TLS_CERT'),
    renamedNote('TEMPORAL_TLS_KEY'),
    renamedNote('TEMPORAL_TLS_CA'),
  ]);
});
