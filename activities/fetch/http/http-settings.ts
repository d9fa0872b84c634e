// The limits an HTTP source runs with: the spec's own, or Sluice's defaults.
import { toMilliseconds } from '../../../core/pipeline/durations';
import type { HttpSource } from '../../../core/fetch/source-spec';

export const HTTP_DEFAULTS = {
  requestTimeoutMs: 30_000,
  maxAttempts: 5,
  maxBackoffMs: 30_000,
  maxResponseBytes: 50 * 1024 * 1024,
  /** Far beyond any real export, close enough that a source paging forever stops within the hour. */
  maxPages: 10_000,
} as const;

export interface HttpSettings {
  requestTimeoutMs: number;
  maxAttempts: number;
  maxBackoffMs: number;
  maxResponseBytes: number;
  maxPages: number;
}

export function httpSettings(spec: HttpSource): HttpSettings {
  const ms = (value: HttpSource['requestTimeout'], fallback: number) =>
    (value === undefined ? undefined : toMilliseconds(value)) ?? fallback;
  return {
    requestTimeoutMs: ms(spec.requestTimeout, HTTP_DEFAULTS.requestTimeoutMs),
    maxAttempts: spec.maxAttempts ?? HTTP_DEFAULTS.maxAttempts,
    maxBackoffMs: ms(spec.maxBackoff, HTTP_DEFAULTS.maxBackoffMs),
    maxResponseBytes: spec.maxResponseBytes ?? HTTP_DEFAULTS.maxResponseBytes,
    maxPages: spec.maxPages ?? HTTP_DEFAULTS.maxPages,
  };
}
