// Payloads as the codec-server protocol carries them: JSON with base64 metadata values and data.
import type { Payload } from '@temporalio/common';

export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** A request body that is not `{ payloads: [...] }` of that shape. */
export class PayloadJsonError extends Error {
  override name = 'PayloadJsonError';
}

export function payloadsFromJson(body: unknown): Payload[] {
  const payloads = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) throw new PayloadJsonError('the body must be { "payloads": [...] }');
  return payloads.map((entry: unknown, index) => {
    const { metadata, data } = checkedPayload(entry, index);
    return {
      metadata: Object.fromEntries(
        Object.entries(metadata).map(([key, field]) => [key, Buffer.from(field, 'base64')]),
      ),
      data: Buffer.from(data, 'base64'),
    };
  });
}

/** An object whose metadata (an object, may be absent) and data (may be absent) hold strings only. */
function checkedPayload(entry: unknown, index: number): Required<JsonPayload> {
  const { metadata = {}, data = '' } = (isObject(entry) ? entry : {}) as JsonPayload;
  const fields = isObject(metadata) ? [...Object.values(metadata), data] : [];
  if (isObject(entry) && isObject(metadata) && fields.every((field) => typeof field === 'string'))
    return { metadata, data };
  throw new PayloadJsonError(
    `payload ${index}: must be { "metadata": {...}, "data": "..." } with base64 strings`,
  );
}

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function payloadsToJson(payloads: Payload[]): { payloads: JsonPayload[] } {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, field]) => [
          key,
          base64(field ?? new Uint8Array()),
        ]),
      ),
      data: base64(payload.data ?? new Uint8Array()),
    })),
  };
}
