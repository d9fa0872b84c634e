// The codec server over HTTP: the dev stack's (wired into the Web UI) and `sluice codec-server` with a bearer token.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { EncryptionCodec } from '../../client/codec/encryption-codec';
import { KeyRing } from '../../client/codec/key-ring';
import { payloadsToJson, type JsonPayload } from '../../client/codec/payload-json';
import { startRun } from '../../client/start-run';
import { freePort } from '../../devstack/port-check';
import { rawHistory } from '../support/raw-history';
import { startProcess } from '../support/run-process';
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
  assert.equal(stranger.headers.get('access-control-allow-origin'), null, 'other origins get no CORS grant');
});

test('sluice codec-server: refuses a missing or wrong bearer token, decodes and encodes with the right one', async () => {
  const port = await freePort();
  const server = startProcess(['bin/sluice.js', 'codec-server', '--port', String(port)], {
    SLUICE_ENCRYPTION_KEYS: KEYS,
    SLUICE_CODEC_TOKEN: TOKEN,
  });
  try {
    await server.waitFor(
      /codec server listening on http:\/\/127\.0\.0\.1:\d+ \(keys ui-key; bearer token required\)/,
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
    assert.match(((await refused.json()) as { error: string }).error, /key "other".*SLUICE_ENCRYPTION_KEYS/);
    assert.equal((await post(`${url}/decode`, { nope: 1 }, auth)).status, 400);
  } finally {
    server.child.kill('SIGTERM');
    await server.done;
  }
  assert.ok(!server.output().includes(TOKEN) && !server.output().includes(KEYS.split(':')[1] as string));
});
