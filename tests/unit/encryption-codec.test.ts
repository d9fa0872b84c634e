// The AES-256-GCM payload codec and its key ring: round trip, tampering, unknown keys, plain payloads (refused when required), rotation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  DecryptionError,
  UnencryptedPayloadError,
  UnknownKeyError,
} from '../../runtime/codec/decryption-error';
import { connectionConfigSchema } from '../../runtime/connection-config';
import { EncryptionCodec, KEY_ID_METADATA } from '../../runtime/codec/encryption-codec';
import { KeyRing } from '../../runtime/codec/key-ring';
import { ConfigError, parseEnv } from '../../runtime/parse-env';
import { workerConfigSchema } from '../../workers/config';

const newKey = () => randomBytes(32).toString('base64');
const ring = (value: string) => KeyRing.parse(value).ring as KeyRing;
const payload = (value: unknown) => defaultPayloadConverter.toPayload(value) as Payload;
const value = (p: Payload) => defaultPayloadConverter.fromPayload(p);
const text = (p: Payload) => Buffer.from(p.data ?? []).toString('latin1');
const keyA = newKey();
const keyB = newKey();

test('round trip: the sealed payload hides value and encoding, and opens to the original', async () => {
  const codec = new EncryptionCodec(ring(`a:${keyA}`));
  const original = payload({ params: { region: 'secret-region-42' } });
  const [sealed] = await codec.encode([original]);
  assert.ok(sealed);
  assert.doesNotMatch(text(sealed), /secret-region-42|json/);
  assert.equal(Buffer.from(sealed.metadata?.encoding ?? []).toString(), 'binary/encrypted');
  assert.equal(Buffer.from(sealed.metadata?.[KEY_ID_METADATA] ?? []).toString(), 'a');
  const [opened] = await codec.decode([sealed]);
  assert.deepEqual(value(opened as Payload), { params: { region: 'secret-region-42' } });
});

test('each payload gets its own IV: the same value seals differently', async () => {
  const codec = new EncryptionCodec(ring(`a:${keyA}`));
  const [one, two] = await codec.encode([payload('same'), payload('same')]);
  assert.notDeepEqual(one?.data, two?.data);
});

test('tampering is detected: a flipped byte, or a payload relabelled with another key id', async () => {
  const codec = new EncryptionCodec(ring(`a:${keyA},b:${keyA}`));
  const [sealed] = await codec.encode([payload('x')]);
  assert.ok(sealed?.data);
  const flipped = Buffer.from(sealed.data);
  flipped[20] = (flipped[20] as number) ^ 1;
  await assert.rejects(codec.decode([{ ...sealed, data: flipped }]), (err: unknown) => {
    assert.ok(err instanceof DecryptionError);
    assert.match(err.message, /key "a".*fails authentication/);
    return true;
  });
  const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
  await assert.rejects(codec.decode([relabelled]), DecryptionError);
  await assert.rejects(codec.decode([{ ...sealed, data: Buffer.alloc(5) }]), /truncated/);
});

test('an unknown key id is refused naming the id and the variable, with no key material', async () => {
  const [sealed] = await new EncryptionCodec(ring(`old:${keyA}`)).encode([payload('x')]);
  assert.ok(sealed);
  for (const codec of [new EncryptionCodec(ring(`new:${keyB}`)), new EncryptionCodec()]) {
    await assert.rejects(codec.decode([sealed]), (err: unknown) => {
      assert.ok(err instanceof UnknownKeyError);
      assert.match(err.message, /key "old"/);
      assert.match(err.message, /SLUICE_ENCRYPTION_KEYS/);
      assert.ok(!err.message.includes(keyA) && !err.message.includes(keyB));
      return true;
    });
  }
});

test('plain payloads pass through decode untouched (histories from before the key)', async () => {
  const plain = payload({ step: 'fetch_orders_csv' });
  const [decoded] = await new EncryptionCodec(ring(`a:${keyA}`)).decode([plain]);
  assert.equal(decoded, plain);
  const [keyless] = await new EncryptionCodec().encode([plain]);
  assert.equal(keyless, plain, 'without a key nothing is encrypted');
});

test('requireEncryption: a plain payload is refused naming the setting and what to do; sealed ones open', async () => {
  const codec = new EncryptionCodec(ring(`a:${keyA}`), { requireEncryption: true });
  const [sealed] = await codec.encode([payload('kept')]);
  assert.deepEqual((await codec.decode([sealed as Payload])).map(value), ['kept']);
  await assert.rejects(codec.decode([sealed as Payload, payload({ step: 'x' })]), (err: unknown) => {
    assert.ok(err instanceof UnencryptedPayloadError);
    assert.match(err.message, /not encrypted \(encoding "json\/plain"\)/);
    assert.match(
      err.message,
      /SLUICE_REQUIRE_ENCRYPTION=true accepts only payloads sealed with SLUICE_ENCRYPTION_KEYS/,
    );
    return true;
  });
  await assert.rejects(codec.decode([{ metadata: {}, data: Buffer.from('x') }]), /encoding none/);
});

test('SLUICE_REQUIRE_ENCRYPTION parses with the worker and client config: true or false, and only with keys', () => {
  const worker = { DATABASE_URL: 'postgresql://u:p@db/x', SLUICE_ENCRYPTION_KEYS: `k1:${keyA}` };
  for (const schema of [workerConfigSchema, connectionConfigSchema]) {
    assert.equal(
      parseEnv(schema, { ...worker, SLUICE_REQUIRE_ENCRYPTION: 'true' }).SLUICE_REQUIRE_ENCRYPTION,
      true,
    );
    assert.equal(parseEnv(schema, worker).SLUICE_REQUIRE_ENCRYPTION, false, 'off unless set');
    assert.throws(
      () => parseEnv(schema, { ...worker, SLUICE_REQUIRE_ENCRYPTION: 'yes' }),
      /SLUICE_REQUIRE_ENCRYPTION="yes": must be true or false/,
    );
    assert.throws(
      () => parseEnv(schema, { DATABASE_URL: worker.DATABASE_URL, SLUICE_REQUIRE_ENCRYPTION: 'true' }),
      /SLUICE_REQUIRE_ENCRYPTION="true": needs SLUICE_ENCRYPTION_KEYS/,
    );
  }
});

test('rotation: the first key encrypts, older keys still decrypt', async () => {
  const [old] = await new EncryptionCodec(ring(`k1:${keyA}`)).encode([payload('before')]);
  const rotated = new EncryptionCodec(ring(`k2:${keyB}, k1:${keyA}`));
  const [fresh] = await rotated.encode([payload('after')]);
  assert.equal(Buffer.from(fresh?.metadata?.[KEY_ID_METADATA] ?? []).toString(), 'k2');
  const opened = await rotated.decode([old as Payload, fresh as Payload]);
  assert.deepEqual(opened.map(value), ['before', 'after']);
});

test('the key ring lists every bad entry by position and id, and never shows a key', () => {
  const { problems } = KeyRing.parse(`nokey, a:${keyA}, a:${keyA}, b:${keyA.slice(4)}, c d:!!`);
  assert.equal(problems.length, 5);
  assert.match(problems[0] as string, /entry 1: must be id:base64key/);
  assert.match(problems[1] as string, /entry 3: key id "a" appears twice/);
  assert.match(problems[2] as string, /entry 4: key "b" must be 32 bytes in base64/);
  assert.ok(problems.every((p) => !p.includes(keyA) && !p.includes(keyA.slice(4))));
  const good = ring(`a:${keyA}`);
  assert.equal(JSON.stringify(good), '{"encryptingId":"a","ids":["a"]}');
  assert.equal(inspect({ good }), '{ good: KeyRing(a) }');
});

test('worker config: a bad SLUICE_ENCRYPTION_KEYS is listed with the other problems, redacted', () => {
  const env = { DATABASE_URL: '', SLUICE_ENCRYPTION_KEYS: `k1:${keyA.slice(2)}` };
  assert.throws(
    () => parseEnv(workerConfigSchema, env),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 2);
      assert.match(err.message, /SLUICE_ENCRYPTION_KEYS=<redacted>: entry 1: key "k1" must be 32 bytes/);
      assert.ok(!err.message.includes(keyA.slice(2)));
      return true;
    },
  );
  const config = parseEnv(workerConfigSchema, {
    DATABASE_URL: 'postgresql://u:p@db/x',
    SLUICE_ENCRYPTION_KEYS: `k1:${keyA}`,
  });
  assert.equal(config.SLUICE_ENCRYPTION_KEYS?.encryptingId, 'k1');
});
