// The one convention by which a row transform says "try again": an error with `retryable: true`.

/**
 * A rows function that throws fails its step for good: a bug in user code does not get better by
 * retrying. An error it marks `retryable: true` (a lookup service timing out, say) is rethrown as it is,
 * so the step's retry policy retries it: `throw Object.assign(new Error('lookup timed out'), { retryable: true })`.
 */
export function isRetryable(err: unknown): boolean {
  return (err as { retryable?: unknown } | null)?.retryable === true;
}
