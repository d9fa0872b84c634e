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
  return payloads.map((entry: JsonPayload, index) => {
    const metadata = entry?.metadata ?? {};
    const fields = [...Object.values(metadata), entry?.data ?? ''];
    if (typeof metadata !== 'object' || fields.some((field) => typeof field !== 'string'))
      throw new PayloadJsonError(`payload ${index}: metadata values and data must be base64 strings`);
    return {
      metadata: Object.fromEntries(
        Object.entries(metadata).map(([key, field]) => [key, Buffer.from(field, 'base64')]),
      ),
      data: Buffer.from(entry.data ?? '', 'base64'),
    };
  });
}

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
