// Opens a file source's url as a byte stream: one GET, redirects kept to the url's host, 4xx terminal, 5xx retried.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { httpStatusRetryability } from '../retryability';
import { displayUrl } from './http/display-url';
import { hostAllowList } from './http/host-allow-list';
import { HttpRetryableError } from './http/http-retryable-error';
import { HttpSourceError } from './http/http-source-error';
import { bodyExcerpt } from './http/read-body';
import { retryAfterMs } from './http/retry-after';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** How long the server may take to start answering; the body then streams for as long as it takes. */
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * The body of `url`, streamed. No answer, a network error, 408, 429 or 5xx throw HttpRetryableError (the
 * step's retry policy retries); any other non-2xx answer, or a redirect to another host, HttpSourceError.
 */
export async function openUrlStream(url: URL, signal?: AbortSignal): Promise<Readable> {
  const checkHost = hostAllowList(url, undefined);
  const answerTimeout = new AbortController();
  const timer = setTimeout(() => answerTimeout.abort(), ANSWER_TIMEOUT_MS);
  const aborts = signal ? AbortSignal.any([signal, answerTimeout.signal]) : answerTimeout.signal;
  let current = url;
  try {
    for (let hop = 0; ; hop += 1) {
      const what = `GET ${displayUrl(current)}`;
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
      return Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
    }
  } finally {
    clearTimeout(timer);
  }
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
