// Reads an HTTP JSON source page by page; the fetch activity commits each page and heartbeats its cursor.
import type { HttpPagination, HttpSource } from '../../../core/fetch/source-spec';
import { displayUrl } from './display-url';
import { resolveAuth, type ResolvedAuth } from './http-auth';
import { resumeCursor, startCursor, type HttpCursor } from './http-cursor';
import { httpSettings } from './http-settings';
import { HttpSourceError } from './http-source-error';
import { hostAllowList, namedHosts } from './host-allow-list';
import { nextPage } from './next-page';
import { baseUrl, pageUrl } from './page-url';
import { PaginationLoopGuard } from './pagination-loop-guard';
import { privateNetworkGuard } from './private-network-guard';
import { parsePage } from './parse-page';
import { recordLimits } from '../record-limits';
import { redactError, redactor, type Redact } from './redactor';
import type { HttpRetryEvent, RequestSettings } from './request-settings';
import { requestWithRetry } from './request-with-retry';

export interface HttpPagesOptions {
  partition?: string;
  params: Record<string, string>;
  /** The incremental watermark; params that use {{watermark}} are left out while it is unset. */
  watermark?: string;
  /** Where the credentials named by source.auth are read; usually process.env. */
  env: Record<string, string | undefined>;
  /** The cursor of the last page committed: reading continues with the page after it. */
  resumeFrom?: HttpCursor;
  /** Activity cancellation: aborts the request or wait in progress and rethrows the signal's reason. */
  signal?: AbortSignal;
  /** Defaults to Node's global fetch. */
  fetch?: typeof globalThis.fetch;
  onRetry?: (event: HttpRetryEvent) => void;
}

/** One page of records. `cursor` resumes after this page; `url` is safe to log. */
export interface HttpPage {
  rows: Record<string, unknown>[];
  cursor: HttpCursor;
  pageNumber: number;
  url: string;
}

/**
 * Every page of `spec`, in order, including empty ones; the last page's cursor has `next: null`.
 * Terminal problems throw HttpSourceError (a MalformedSourceError); transient ones that outlast
 * source.maxAttempts throw HttpRetryableError. No message ever holds a secret value.
 */
export async function* httpPages(
  spec: HttpSource,
  options: HttpPagesOptions,
): AsyncGenerator<HttpPage, void> {
  const auth = resolveAuth(spec.auth, options.env);
  const redact = redactor(auth.secrets);
  try {
    yield* readPages(spec, options, auth, redact);
  } catch (err) {
    throw redactError(err, redact);
  }
}

async function* readPages(spec: HttpSource, options: HttpPagesOptions, auth: ResolvedAuth, redact: Redact) {
  const settings = httpSettings(spec);
  const pagination: HttpPagination = spec.pagination ?? { style: 'none' };
  const base = baseUrl(spec, options);
  const checkHost = hostAllowList(base, spec.allowedHosts);
  checkHost(base, 'source.url');
  const request: RequestSettings = {
    fetch: options.fetch ?? globalThis.fetch,
    headers: { accept: 'application/json', ...spec.headers, ...auth.headers },
    timeoutMs: settings.requestTimeoutMs,
    maxAttempts: settings.maxAttempts,
    maxBackoffMs: settings.maxBackoffMs,
    maxBytes: settings.maxResponseBytes,
    checkHost,
    checkAddress: privateNetworkGuard(namedHosts(base, spec.allowedHosts), spec.allowPrivateNetwork),
    authAdvice: auth.advice,
    redact,
    signal: options.signal,
    onRetry: options.onRetry,
  };
  let cursor = options.resumeFrom ? resumeCursor(options.resumeFrom, pagination) : startCursor(pagination);
  const loop = new PaginationLoopGuard(pagination);
  while (cursor.next) {
    const url = pageUrl(cursor.next, base, pagination, auth.query);
    if (cursor.pages >= settings.maxPages) {
      throw new HttpSourceError(
        `the source has more than source.maxPages (${settings.maxPages}) pages; page ${cursor.pages + 1} would be GET ${displayUrl(url)}`,
        'If that many pages are expected, raise source.maxPages; if not, the API pages without end: check source.pagination. Then start a new run',
      );
    }
    const answer = await requestWithRetry(url, request);
    const what = `GET ${displayUrl(answer.url)}`;
    const { body, records } = parsePage(
      answer.bytes,
      answer.headers.get('content-type'),
      what,
      spec.recordsPath,
      recordLimits(spec).maxRecordBytes,
    );
    const next = nextPage(
      pagination,
      cursor.next,
      { body, records, headers: answer.headers, url: answer.url, what },
      checkHost,
      auth.query?.name,
    );
    loop.check(cursor.next, next, records, cursor.pages + 1, what);
    cursor = { pages: cursor.pages + 1, next };
    yield { rows: records, cursor, pageNumber: cursor.pages, url: redact(displayUrl(url)) };
  }
}
