// A PayloadCodec sealing each payload (data and metadata) with AES-256-GCM under the ring's first key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DecryptionError, UnencryptedPayloadError, UnknownKeyError } from './decryption-error';
import type { KeyRing } from './key-ring';

/** The encoding Temporal's samples and the Web UI know as encrypted; other SDKs' codecs use it too. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const ProtoPayload = temporal.api.common.v1.Payload;
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const text = (bytes: Uint8Array | null | undefined) =>
  bytes ? Buffer.from(bytes).toString('utf8') : undefined;

/**
 * Encrypts the whole payload (so even its encoding stays private) as `iv | ciphertext | tag`, with the
 * key id as additional authenticated data: relabelling a payload with another key id fails to open.
 * Decoding passes payloads without the encrypted encoding through unchanged (histories from before the
 * key was set), unless `requireEncryption` refuses them. Without a ring it only decodes, and refuses encrypted
 * payloads naming their key id.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly ring?: KeyRing,
    private readonly options: { requireEncryption?: boolean } = {},
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const ring = this.ring;
    if (!ring) return payloads;
    return payloads.map((payload) => seal(payload, ring.encryptingId, ring.key(ring.encryptingId) as Buffer));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = text(payload.metadata?.[METADATA_ENCODING_KEY]);
      if (encoding !== ENCRYPTED_ENCODING) {
        if (this.options.requireEncryption) throw new UnencryptedPayloadError(encoding);
        return payload;
      }
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
      const key = this.ring?.key(keyId);
      if (!key) throw new UnknownKeyError(keyId, this.ring?.ids ?? []);
      return open(payload.data ?? new Uint8Array(), keyId, key);
    });
  }
}

function seal(payload: Payload, keyId: string, key: Buffer): Payload {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv).setAAD(utf8(keyId));
  const plain = ProtoPayload.encode(payload).finish();
  return {
    metadata: {
      [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
      [KEY_ID_METADATA]: utf8(keyId),
      [CIPHER_METADATA]: utf8(CIPHER),
    },
    data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
  };
}

function open(data: Uint8Array, keyId: string, key: Buffer): Payload {
  if (data.length < IV_BYTES + TAG_BYTES) throw new DecryptionError(keyId, 'the payload is truncated');
  const bytes = Buffer.from(data);
  const decipher = createDecipheriv(CIPHER, key, bytes.subarray(0, IV_BYTES)).setAAD(utf8(keyId));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return ProtoPayload.decode(plain);
  } catch {
    throw new DecryptionError(
      keyId,
      'it fails authentication (altered, or sealed by another key that has the same id)',
    );
  }
}
