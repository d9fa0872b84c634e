// Why an encrypted payload could not be opened; messages name the key id and what to do, never key material.
import { KEYS_VARIABLE } from './key-ring';

/** An encrypted payload failed to open: altered, truncated, or sealed by a different key under the same id. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
  constructor(
    readonly keyId: string,
    reason: string,
  ) {
    super(`cannot decrypt a payload encrypted with key "${keyId}": ${reason}`);
  }
}

/** A payload without the encrypted encoding reached a process told to accept only encrypted ones. */
export class UnencryptedPayloadError extends Error {
  override name = 'UnencryptedPayloadError';
  constructor(encoding: string | undefined) {
    super(
      `refusing a payload that is not encrypted (encoding ${encoding === undefined ? 'none' : `"${encoding}"`}): ` +
        'SLUICE_REQUIRE_ENCRYPTION=true accepts only payloads sealed with SLUICE_ENCRYPTION_KEYS; start the run ' +
        'from a client that has the keys, or unset SLUICE_REQUIRE_ENCRYPTION to read runs from before encryption',
    );
  }
}

/** The payload names a key this process was not given; the CLI treats it as a configuration error. */
export class UnknownKeyError extends DecryptionError {
  override name = 'UnknownKeyError';
  constructor(keyId: string, known: readonly string[]) {
    super(
      keyId,
      `${KEYS_VARIABLE} ${known.length ? `holds only ${known.map((id) => `"${id}"`).join(', ')}` : 'is not set'}; ` +
        `add the entry ${keyId}:<base64 key> to ${KEYS_VARIABLE} (old keys stay listed after the first to keep decrypting)`,
    );
  }
}
