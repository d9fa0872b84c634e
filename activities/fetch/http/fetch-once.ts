// One attempt at a page: GET with a timeout; redirects followed by hand so each hop passes the allow list.
import { httpStatusRetryability } from '../../retryability';
import { bodyCutOff } from './body-cut-off';
import { displayUrl } from './display-url';
import { HttpSourceError } from './http-source-error';
import { bodyExcerpt, readBody } from './read-body';
import type { HttpAnswer, RequestSettings } from './request-settings';
import { retryAfterMs } from './retry-after';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/** A page, or a transient problem worth another attempt. Terminal problems are thrown. */
export type Attempt = { answer: HttpAnswer } | { transient: string; retryAfterMs?: number };

export async function fetchOnce(url: URL, settings: RequestSettings): Promise<Attempt> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = settings.signal ? AbortSignal.any([settings.signal, timeout]) : timeout;
  let what = `GET ${displayUrl(url)}`;
  try {
    const { response, finalUrl } = await followRedirects(url, settings, signal);
    what = `GET ${displayUrl(finalUrl)}`;
    const status = `${response.status} ${response.statusText}`.trim();
    if (httpStatusRetryability(response.status) === 'transient') {
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      return {
        transient: `${what} answered ${status}${colon(await bodyExcerpt(response))}`,
        retryAfterMs: retryAfter,
      };
    }
    if (httpStatusRetryability(response.status) === 'terminal') {
      const refused = response.status === 401 || response.status === 403;
      throw new HttpSourceError(
        `${what} answered ${status}${colon(await bodyExcerpt(response))}`,
        refused
          ? `The API refused the credentials: ${settings.authAdvice}, then start a new run`
          : 'Check source.url and source.params against the API, then start a new run',
      );
    }
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      throw new HttpSourceError(`${what} answered ${status}, not a page of JSON`);
    }
    const bytes = await readBody(response, settings.maxBytes, what);
    if (bodyCutOff(response.headers, bytes))
      return {
        transient: `${what} answered ${bytes.length} bytes that end inside their JSON, framed by nothing but the connection's end (no Content-Length, no chunked encoding): the connection was cut`,
      };
    return { answer: { url: finalUrl, headers: response.headers, bytes } };
  } catch (err) {
    if (settings.signal?.aborted) throw settings.signal.reason;
    if (err instanceof HttpSourceError) throw err;
    return { transient: `${what} failed: ${networkProblem(err, settings.timeoutMs)}` };
  }
}

async function followRedirects(url: URL, settings: RequestSettings, signal: AbortSignal) {
  let current = url;
  for (let hop = 0; ; hop += 1) {
    await settings.checkAddress(current, hop === 0 ? 'a request to' : 'a redirect to');
    const response = await settings.fetch(current, { headers: settings.headers, signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || !location) return { response, finalUrl: current };
    await response.body?.cancel();
    if (hop >= MAX_REDIRECTS)
      throw new HttpSourceError(`GET ${displayUrl(url)} redirected more than ${MAX_REDIRECTS} times`);
    current = new URL(location, current);
    settings.checkHost(current, 'a redirect to');
  }
}

function networkProblem(err: unknown, timeoutMs: number): string {
  const error = err as Error & { cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms (source.requestTimeout)`;
  const cause = error?.cause?.code ?? error?.cause?.message;
  return [error?.message ?? String(err), cause].filter(Boolean).join(': ');
}

function colon(text: string): string {
  return text ? `: ${text}` : '';
}
