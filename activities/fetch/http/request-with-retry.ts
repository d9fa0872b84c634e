// Retries a page on 429, 5xx, timeouts and network errors with backoff that honours Retry-After, a bounded number of times.
import { setTimeout as sleep } from 'node:timers/promises';
import { displayUrl } from './display-url';
import { fetchOnce } from './fetch-once';
import { HttpRetryableError } from './http-retryable-error';
import type { HttpAnswer, RequestSettings } from './request-settings';

/**
 * The page at `url`. After `maxAttempts` transient failures, or when the server asks to wait longer
 * than `maxBackoffMs`, throws HttpRetryableError: the step's retry policy decides what comes next.
 */
export async function requestWithRetry(url: URL, settings: RequestSettings): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await fetchOnce(url, settings);
    if ('answer' in outcome) return outcome.answer;
    const { transient, retryAfterMs } = outcome;
    if (retryAfterMs !== undefined && retryAfterMs > settings.maxBackoffMs) {
      throw new HttpRetryableError(
        `${transient}; it asked to wait ${retryAfterMs} ms (Retry-After), longer than source.maxBackoff (${settings.maxBackoffMs} ms)`,
        retryAfterMs,
      );
    }
    if (attempt >= settings.maxAttempts)
      throw new HttpRetryableError(
        `${transient} (attempt ${attempt} of ${settings.maxAttempts})`,
        retryAfterMs,
      );
    const waitMs = retryAfterMs ?? backoffMs(attempt, settings.maxBackoffMs);
    settings.onRetry?.({
      url: settings.redact(displayUrl(url)),
      attempt,
      waitMs,
      problem: settings.redact(transient),
    });
    try {
      await sleep(waitMs, undefined, { signal: settings.signal });
    } catch (err) {
      throw settings.signal?.aborted ? settings.signal.reason : err;
    }
  }
}

/** Exponential from 1 s, capped, with jitter so that many workers do not retry in step. */
export function backoffMs(attempt: number, maxBackoffMs: number): number {
  const ceiling = Math.min(maxBackoffMs, 1000 * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
