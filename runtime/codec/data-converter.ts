// The data converter every Sluice client and worker uses: encryption when a key ring is configured.
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import type { KeyRing } from './key-ring';

/** A workflow bundle built ahead for an encrypting worker must be built with this failure converter. */
export const ENCRYPTED_FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * With a ring: payloads encrypted, failure messages and stacks moved into encrypted payloads, and with
 * `requireEncryption` (SLUICE_REQUIRE_ENCRYPTION) a payload that is not encrypted refused. Without one: plain
 * payloads as before, and an encrypted payload is refused with the key id it needs.
 */
export function sluiceDataConverter(ring: KeyRing | undefined, requireEncryption = false): DataConverter {
  return ring
    ? {
        payloadCodecs: [new EncryptionCodec(ring, { requireEncryption })],
        failureConverterPath: ENCRYPTED_FAILURE_CONVERTER_PATH,
      }
    : { payloadCodecs: [new EncryptionCodec()] };
}
