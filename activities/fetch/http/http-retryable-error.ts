// A transient HTTP failure that outlasted the source's own attempts: the step's retry policy takes over.

/** Thrown plainly (retryable); `retryAfterMs` is the server's last Retry-After, for a caller that can honour it. */
export class HttpRetryableError extends Error {
  override name = 'HttpRetryableError';

  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
