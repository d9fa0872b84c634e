// The AES-256 keys from SLUICE_ENCRYPTION_KEYS: the first encrypts, every one decrypts; key bytes never leave it.
import { inspect } from 'node:util';

export const KEYS_VARIABLE = 'SLUICE_ENCRYPTION_KEYS';

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Named keys, so that keys can rotate: payloads carry the id of the key that sealed them.
 * Serializing or inspecting a ring shows the ids only (a logged config cannot leak a key).
 */
export class KeyRing {
  readonly #keys: ReadonlyMap<string, Buffer>;

  private constructor(keys: ReadonlyMap<string, Buffer>) {
    this.#keys = keys;
  }

  /**
   * Reads `id:base64key` entries separated by commas or whitespace, e.g.
   * `k2026b:3q2+7w…=,k2026a:…`. Problems name the entry and its id, never the key.
   */
  static parse(value: string): { ring?: KeyRing; problems: string[] } {
    const entries = value.split(/[\s,]+/).filter(Boolean);
    const keys = new Map<string, Buffer>();
    const problems: string[] = [];
    if (entries.length === 0) problems.push('holds no key; give one or more id:base64key entries');
    entries.forEach((entry, index) => {
      const colon = entry.indexOf(':');
      const [id, key] = [entry.slice(0, Math.max(colon, 0)), entry.slice(colon + 1)];
      const problem = colon < 0 ? 'must be id:base64key (no ":" found)' : entryProblem(id, key, keys);
      if (problem) problems.push(`entry ${index + 1}: ${problem}`);
      else keys.set(id, Buffer.from(key, 'base64'));
    });
    return problems.length > 0 ? { problems } : { ring: new KeyRing(keys), problems };
  }

  /** The id of the key new payloads are encrypted with: the first entry. */
  get encryptingId(): string {
    return this.ids[0] as string;
  }

  get ids(): string[] {
    return [...this.#keys.keys()];
  }

  key(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  toJSON(): { encryptingId: string; ids: string[] } {
    return { encryptingId: this.encryptingId, ids: this.ids };
  }

  [inspect.custom](): string {
    return `KeyRing(${this.ids.join(', ')})`;
  }
}

function entryProblem(id: string, key: string, seen: ReadonlyMap<string, Buffer>): string | undefined {
  if (!KEY_ID.test(id)) return 'the key id must be 1-64 letters, digits, ".", "_" or "-"';
  if (seen.has(id)) return `key id "${id}" appears twice`;
  if (!BASE64.test(key) || Buffer.from(key, 'base64').length !== KEY_BYTES)
    return `key "${id}" must be ${KEY_BYTES} bytes in base64 (make one with: openssl rand -base64 32)`;
  return undefined;
}
