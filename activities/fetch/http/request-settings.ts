// What every request of one HTTP source read shares: client, headers, limits, allow list, cancellation.
import type { HostCheck } from './host-allow-list';
import type { AddressCheck } from './private-network-guard';
import type { Redact } from './redactor';

/** Reported before each wait between attempts, so the caller can log it and keep heartbeating. */
export interface HttpRetryEvent {
  url: string;
  attempt: number;
  waitMs: number;
  problem: string;
}

export interface RequestSettings {
  fetch: typeof globalThis.fetch;
  headers: Record<string, string>;
  timeoutMs: number;
  maxAttempts: number;
  maxBackoffMs: number;
  maxBytes: number;
  checkHost: HostCheck;
  checkAddress: AddressCheck;
  /** Appended to a 401/403 error: which variables hold the credentials. */
  authAdvice: string;
  redact: Redact;
  signal?: AbortSignal;
  onRetry?: (event: HttpRetryEvent) => void;
}

/** A 2xx answer, its body read in full; `url` is where it came from after redirects. */
export interface HttpAnswer {
  url: URL;
  headers: Headers;
  bytes: Buffer;
}
