// Reads a response body as a stream, refusing it once it grows past the source's size cap.
import { HttpSourceError } from './http-source-error';

const capAction = 'Ask for smaller pages (pagination limit or page size) or raise source.maxResponseBytes';

/** The whole body; a body larger than `maxBytes` is cancelled mid-stream and is a terminal error. */
export async function readBody(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new HttpSourceError(
      `${what} announced ${declared} bytes, more than source.maxResponseBytes (${maxBytes})`,
      capAction,
    );
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HttpSourceError(
        `${what} sent more than source.maxResponseBytes (${maxBytes} bytes)`,
        capAction,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The first `limit` characters of a body, whitespace collapsed, for an error message; never throws. */
export async function bodyExcerpt(response: Response, limit = 200): Promise<string> {
  try {
    const reader = response.body?.getReader();
    const { value } = (await reader?.read()) ?? {};
    await reader?.cancel();
    const text = Buffer.from(value ?? new Uint8Array())
      .toString('utf8')
      .replace(/\s+/g, ' ')
      .trim();
    return text.length > limit ? `${text.slice(0, limit)}…` : text;
  } catch {
    return '';
  }
}
