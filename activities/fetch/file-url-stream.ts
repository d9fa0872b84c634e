// Opens a file source's url as a byte stream: one GET, redirects kept to the url's host, 4xx terminal, 5xx retried.
import { pipeline, Readable, Transform } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { toMilliseconds } from '../../core/pipeline/durations';
import type { RemoteFileSource } from '../../core/fetch/source-spec';
import { httpStatusRetryability } from '../retryability';
import { displayUrl } from './http/display-url';
import { hostAllowList } from './http/host-allow-list';
import { privateNetworkGuard } from './http/private-network-guard';
import { HttpRetryableError } from './http/http-retryable-error';
import { HttpSourceError } from './http/http-source-error';
import { bodyExcerpt } from './http/read-body';
import { retryAfterMs } from './http/retry-after';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** How long the server may take to start answering; the body then streams for as long as it takes. */
const ANSWER_TIMEOUT_MS = 30_000;

/** A download stops at these unless the source sets its own: no file URL streams without end. */
export const FILE_URL_DEFAULTS = {
  maxDownloadBytes: 10 * 1024 ** 3,
  downloadTimeoutMs: 60 * 60 * 1000,
} as const;

/**
 * The body of `source.url`, streamed. No answer, a network error, 408, 429 or 5xx throw HttpRetryableError
 * (the step's retry policy retries); any other non-2xx answer, a redirect to another host or to a private
 * address, HttpSourceError. The stream fails with HttpSourceError past source.maxDownloadBytes or
 * source.downloadTimeout: a retry would download the same file again.
 */
export async function openUrlStream(source: RemoteFileSource, signal?: AbortSignal): Promise<Readable> {
  const url = new URL(source.url);
  const checkHost = hostAllowList(url, undefined);
  const checkAddress = privateNetworkGuard([url.hostname], source.allowPrivateNetwork);
  const answerTimeout = new AbortController();
  const timer = setTimeout(() => answerTimeout.abort(), ANSWER_TIMEOUT_MS);
  const aborts = signal ? AbortSignal.any([signal, answerTimeout.signal]) : answerTimeout.signal;
  let current = url;
  try {
    for (let hop = 0; ; hop += 1) {
      const what = `GET ${displayUrl(current)}`;
      await checkAddress(current, hop === 0 ? 'a request to' : 'a redirect to');
      const response = await get(current, aborts, what, signal);
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS)
          throw new HttpSourceError(`GET ${displayUrl(url)} redirected more than ${MAX_REDIRECTS} times`);
        current = new URL(location, current);
        checkHost(current, 'a redirect to');
        continue;
      }
      const status = `${response.status} ${response.statusText}`.trim();
      if (httpStatusRetryability(response.status) === 'transient') {
        const excerpt = await bodyExcerpt(response);
        throw new HttpRetryableError(
          `${what} answered ${status}${excerpt ? `: ${excerpt}` : ''}`,
          retryAfterMs(response.headers.get('retry-after')),
        );
      }
      if (response.status < 200 || response.status > 299) {
        const excerpt = await bodyExcerpt(response);
        throw new HttpSourceError(
          `${what} answered ${status}${excerpt ? `: ${excerpt}` : ''}`,
          'Check source.url (and that the server serves the file), then start a new run',
        );
      }
      if (!response.body) return Readable.from([]);
      return capped(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), what, source);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** `body`, failing once it passes the source's byte cap or download deadline. */
function capped(body: Readable, what: string, source: RemoteFileSource): Readable {
  const maxBytes = source.maxDownloadBytes ?? FILE_URL_DEFAULTS.maxDownloadBytes;
  const timeoutMs =
    (source.downloadTimeout === undefined ? undefined : toMilliseconds(source.downloadTimeout)) ??
    FILE_URL_DEFAULTS.downloadTimeoutMs;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes <= maxBytes) return done(null, chunk);
      done(
        new HttpSourceError(
          `${what} sent more than source.maxDownloadBytes (${maxBytes} bytes)`,
          'If the file really is that large, raise source.maxDownloadBytes; then start a new run',
        ),
      );
    },
  });
  const deadline = setTimeout(() => {
    counter.destroy(
      new HttpSourceError(
        `${what} did not finish within source.downloadTimeout (${timeoutMs} ms; ${bytes} bytes received)`,
        'If the file takes that long to download, raise source.downloadTimeout; then start a new run',
      ),
    );
  }, timeoutMs);
  deadline.unref();
  return pipeline(body, counter, () => clearTimeout(deadline));
}

/** One GET without following redirects; a failure to get an answer is transient. */
async function get(url: URL, aborts: AbortSignal, what: string, cancel?: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { redirect: 'manual', signal: aborts });
  } catch (err) {
    if (cancel?.aborted) throw cancel.reason;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const problem = aborts.aborted
      ? `no answer within ${ANSWER_TIMEOUT_MS} ms`
      : [(err as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
    throw new HttpRetryableError(`${what} failed: ${problem}`);
  }
}
