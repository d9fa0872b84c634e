// The codec server over HTTP: the dev stack's (wired into the Web UI), `sluice codec-server` with a bearer token, refusals: no token beyond loopback, /encode off by default.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { startCodecServer } from '../../runtime/codec/codec-server';
import { EncryptionCodec } from '../../runtime/codec/encryption-codec';
import { KeyRing } from '../../runtime/codec/key-ring';
import { payloadsToJson, type JsonPayload } from '../../runtime/codec/payload-json';
import { startRun } from '../../client/start-run';
import { freePort } from '../../devstack/port-check';
import { rawHistory } from '../support/raw-history';
import { runProcess, startProcess } from '../support/run-process';
import { startTestStack, uniqueTaskQueue, type TestStack } from '../support/test-stack';

const KEYS = `ui-key:${randomBytes(32).toString('base64')}`;
const TOKEN = randomBytes(24).toString('base64url');
const marker = `region-${randomBytes(6).toString('hex')}`;

let stack: TestStack;
let encryptedInput: { payloads: JsonPayload[] };

before(async () => {
  stack = await startTestStack({ withUi: true, keyRing: KeyRing.parse(KEYS).ring as KeyRing });
  const handle = await startRun(stack.temporal.client, {
    pipeline: 'orders_csv',
    params: { region: marker },
    trigger: 'manual',
    taskQueue: uniqueTaskQueue('nobody-polls'),
  });
  encryptedInput = payloadsToJson((await rawHistory(stack, handle.workflowId)).input);
  await handle.terminate('only its input was needed');
});

after(async () => {
  await stack.stopAll();
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** The run's input as the codec returned it: JSON text of the runPipeline input. */
async function decodedInput(response: Response): Promise<string> {
  const { payloads } = (await response.json()) as { payloads: JsonPayload[] };
  return Buffer.from(payloads[0]?.data ?? '', 'base64').toString('utf8');
}

test('the dev stack serves a codec server and tells the Web UI to decode through it', async () => {
  assert.ok(stack.codecUrl && stack.uiUrl);
  assert.match(JSON.stringify(encryptedInput), /dWkta2V5/, 'the stored input names key "ui-key" (base64)');
  assert.ok(!JSON.stringify(encryptedInput).includes(Buffer.from(marker).toString('base64')));

  const settings = (await (await fetch(`${stack.uiUrl}/api/v1/settings`)).json()) as {
    Codec?: { Endpoint?: string };
  };
  assert.equal(settings.Codec?.Endpoint, stack.codecUrl);

  const preflight = await fetch(`${stack.codecUrl}/decode`, {
    method: 'OPTIONS',
    headers: { Origin: stack.uiUrl, 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), stack.uiUrl);
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-Namespace/);

  const decoded = await post(`${stack.codecUrl}/decode`, encryptedInput, { Origin: stack.uiUrl });
  assert.equal(decoded.status, 200);
  assert.equal(decoded.headers.get('access-control-allow-origin'), stack.uiUrl);
  assert.match(await decodedInput(decoded), new RegExp(`"region":"${marker}"`));

  const stranger = await post(`${stack.codecUrl}/decode`, encryptedInput, { Origin: 'http://evil.example' });
  assert.equal(stranger.status, 403, 'other origins are refused before decoding');
  assert.doesNotMatch(await stranger.text(), new RegExp(marker));
  assert.equal(stranger.headers.get('access-control-allow-origin'), null);

  const rebound = await postWithHost(`${stack.codecUrl}/decode`, 'rebind.evil.example', encryptedInput);
  assert.equal(rebound.status, 421, 'a page that rebinds its own name to 127.0.0.1 is refused');
  assert.doesNotMatch(rebound.body, new RegExp(marker));
  const { port } = new URL(stack.codecUrl);
  assert.equal(
    (await postWithHost(`${stack.codecUrl}/decode`, `localhost:${port}`, encryptedInput)).status,
    200,
  );
});

/** fetch sets Host from the URL; a DNS-rebinding page's requests carry its own name instead. */
function postWithHost(url: string, host: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { Host: host } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

test('sluice codec-server: refuses a missing or wrong bearer token, decodes and encodes with the right one', async () => {
  const port = await freePort();
  const server = startProcess(['bin/sluice.js', 'codec-server', '--port', String(port), '--allow-encode'], {
    SLUICE_ENCRYPTION_KEYS: KEYS,
    SLUICE_CODEC_TOKEN: TOKEN,
  });
  try {
    await server.waitFor(
      /codec server listening on http:\/\/127\.0\.0\.1:\d+ \(keys ui-key; bearer token required; \/encode on\)/,
    );
    const url = `http://127.0.0.1:${port}`;
    const missing = await post(`${url}/decode`, encryptedInput);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    assert.equal(
      (await post(`${url}/decode`, encryptedInput, { Authorization: 'Bearer wrong' })).status,
      401,
    );

    const auth = { Authorization: `Bearer ${TOKEN}` };
    const decoded = await post(`${url}/default/decode`, encryptedInput, auth);
    assert.equal(decoded.status, 200);
    assert.match(await decodedInput(decoded), new RegExp(marker));

    const plain = payloadsToJson([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"hi"') },
    ]);
    const encoded = (await (await post(`${url}/encode`, plain, auth)).json()) as { payloads: JsonPayload[] };
    assert.notDeepEqual(encoded, plain);
    assert.equal(await decodedInput(await post(`${url}/decode`, encoded, auth)), '"hi"');

    const other = new EncryptionCodec(KeyRing.parse(`other:${randomBytes(32).toString('base64')}`).ring);
    const foreign = payloadsToJson(await other.encode([{ metadata: {}, data: Buffer.from('x') }]));
    const refused = await post(`${url}/decode`, foreign, auth);
    assert.equal(refused.status, 422);
    const { error } = (await refused.json()) as { error: string };
    assert.match(error, /key "other": this codec server does not hold that key/);
    assert.ok(!error.includes('ui-key'), 'the answer does not list the keys the server holds');
    assert.equal((await post(`${url}/decode`, { nope: 1 }, auth)).status, 400);
    assert.equal((await post(`${url}/decode`, { payloads: [null] }, auth)).status, 400);
  } finally {
    server.child.kill('SIGTERM');
    await server.done;
  }
  assert.ok(!server.output().includes(TOKEN) && !server.output().includes(KEYS.split(':')[1] as string));
});

test('sluice codec-server refuses a non-loopback address without a token, naming the variable and the flags', async () => {
  const port = await freePort();
  for (const host of ['0.0.0.0', '::']) {
    const result = await runProcess(
      ['bin/sluice.js', 'codec-server', '--host', host, '--port', String(port)],
      {
        SLUICE_ENCRYPTION_KEYS: KEYS,
        SLUICE_CODEC_TOKEN: undefined,
      },
    );
    assert.equal(result.code, 2, `a usage error for ${host}, exiting instead of serving: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`refusing to listen on ${host} without a bearer token`));
    assert.match(result.stderr, /Set SLUICE_CODEC_TOKEN .*--host 127\.0\.0\.1.*--allow-no-token/);
    assert.ok(!result.stderr.includes(KEYS.split(':')[1] as string), 'the keys are not echoed');
  }
});

test('sluice codec-server --host 0.0.0.0 --allow-no-token (compose) decodes, and refuses /encode without --allow-encode', async () => {
  const port = await freePort();
  const server = startProcess(
    ['bin/sluice.js', 'codec-server', '--host', '0.0.0.0', '--port', String(port), '--allow-no-token'],
    { SLUICE_ENCRYPTION_KEYS: KEYS, SLUICE_CODEC_TOKEN: undefined },
  );
  try {
    await server.waitFor(
      /codec server listening on http:\/\/0\.0\.0\.0:\d+ \(keys ui-key; bearer token off; \/encode off\)/,
    );
    const url = `http://127.0.0.1:${port}`;
    const decoded = await post(`${url}/decode`, encryptedInput);
    assert.equal(decoded.status, 200);
    assert.match(await decodedInput(decoded), new RegExp(marker));
    const plain = payloadsToJson([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"hi"') },
    ]);
    const encode = await post(`${url}/encode`, plain);
    assert.equal(encode.status, 403);
    assert.match(((await encode.json()) as { error: string }).error, /\/encode is off: .*--allow-encode/);
  } finally {
    server.child.kill('SIGTERM');
    await server.done;
  }
});

test('the codec server answers 413 from Content-Length and logs a failure without its payloads', async () => {
  const lines: string[] = [];
  const failing = {
    encode: async () => Promise.reject(new Error('the codec broke')),
    decode: async () => Promise.reject(new Error('the codec broke')),
  };
  const server = await startCodecServer({
    codec: failing,
    corsOrigins: [],
    host: '127.0.0.1',
    port: 0,
    log: (line) => lines.push(line),
  });
  try {
    const broken = await post(`${server.url}/decode`, { payloads: [{ data: 'c2VjcmV0' }] });
    assert.equal(broken.status, 500);
    assert.deepEqual(await broken.json(), { error: 'internal error' });
    assert.deepEqual(lines, ['codec server: POST /decode failed: the codec broke']);

    const huge = await fetch(`${server.url}/decode`, {
      method: 'POST',
      body: 'x'.repeat(16 * 1024 * 1024 + 1),
    });
    assert.equal(huge.status, 413);
    assert.match(((await huge.json()) as { error: string }).error, /exceeds/);
  } finally {
    await server.close();
  }
});
