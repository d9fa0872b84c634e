// Where a fetch step reads from: one spec type per source kind.
import type { DurationSpec } from '../pipeline/durations';

/**
 * What every source kind checks in each record it reads, with the same settings and defaults. A record past
 * maxRecordBytes fails the step (a reader must not hold a record of any size in memory); a record nested
 * deeper than maxRecordDepth, or holding text PostgreSQL cannot store (a NUL character, broken UTF-16), is
 * quarantined with its record number and the reason, and the other records go on.
 */
export interface RecordLimits {
  /** Largest record, in bytes of its source text (an NDJSON line, a CSV record, a JSON object); default 16 MiB. */
  maxRecordBytes?: number;
  /** Deepest nesting of objects and arrays in a record; default 64. */
  maxRecordDepth?: number;
}

interface FileSourceCommon extends RecordLimits {
  kind: 'file';
  /** `csv` (with a header row), `ndjson` (one object per line) or `json` (one array of objects). */
  format: 'csv' | 'ndjson' | 'json';
  /** For `json`: dot path to the array of records inside the document, e.g. `data.items`; the document itself when unset. */
  recordsPath?: string;
}

/** A file on local disk, relative to the project folder. */
export interface LocalFileSource extends FileSourceCommon {
  path: string;
  url?: never;
  allowPrivateNetwork?: never;
  maxDownloadBytes?: never;
  downloadTimeout?: never;
}

/** A file fetched with one http(s) GET; redirects may not leave the url's host and port. */
export interface RemoteFileSource extends FileSourceCommon {
  url: string;
  /** As for an HTTP source: may the download reach private addresses its url does not name; default false. */
  allowPrivateNetwork?: boolean;
  /** Largest download accepted, in bytes; default 10 GiB. */
  maxDownloadBytes?: number;
  /** How long the whole download may take; default '1h'. */
  downloadTimeout?: DurationSpec;
  path?: never;
}

/** A file read as a stream, never whole: from disk (`path`) or over HTTP (`url`). */
export type FileSource = LocalFileSource | RemoteFileSource;

/**
 * Credentials for an HTTP source, always read from the worker's environment by variable name, so no
 * secret is ever part of a pipeline definition (which is hashed and stored in workflow history).
 */
export type HttpAuth =
  | { kind: 'bearer'; tokenEnv: string }
  /** Sent in the named header, or (for APIs that insist) as the named query parameter; set exactly one. */
  | { kind: 'api-key'; keyEnv: string; header?: string; query?: string }
  | { kind: 'basic'; usernameEnv: string; passwordEnv: string };

/** How an HTTP source walks the pages of a result. Pages are fetched until the API says there are no more. */
export type HttpPagination =
  /** One request, one page. */
  | { style: 'none' }
  /**
   * `?page=1`, `?page=2`, … until a page holds no records, or `totalPagesPath` (e.g. `meta.total_pages`)
   * says the last page was reached.
   */
  | {
      style: 'page';
      /** Default `page`. */
      pageParam?: string;
      /** Default 1. */
      firstPage?: number;
      /** Sent as `sizeParam=pageSize` when both are set. */
      sizeParam?: string;
      pageSize?: number;
      totalPagesPath?: string;
    }
  /**
   * `?offset=0&limit=100`, then offset plus the records received, until a page holds no records or
   * `totalPath` (e.g. `meta.total`) says every record was received.
   */
  | {
      style: 'offset';
      /** Default `offset`. */
      offsetParam?: string;
      /** Default `limit`. */
      limitParam?: string;
      limit: number;
      totalPath?: string;
    }
  /** The next page's token is read from `nextCursorPath` in the body and sent as `cursorParam`; none ends. */
  | { style: 'cursor'; cursorParam: string; nextCursorPath: string }
  /** The next page's URL comes from the `Link` response header, `rel="next"` (RFC 8288, as GitHub does). */
  | { style: 'link-header' }
  /** The next page's URL (absolute or relative) is read from `nextUrlPath` in the body; none ends. */
  | { style: 'next-url'; nextUrlPath: string };

/**
 * A JSON API read page by page. `url` and `params` values may use `{{partition}}`, `{{watermark}}` and
 * `{{params.<name>}}`; a parameter that uses `{{watermark}}` is left out while there is no watermark yet
 * (the first incremental run reads everything).
 */
export interface HttpSource extends RecordLimits {
  kind: 'http';
  /** The first page; query parameters already in it are kept. Placeholders may appear in the path. */
  url: string;
  /** Dot path to the array of records in each response body, e.g. `data.items`; the body itself when unset. */
  recordsPath?: string;
  /** Query parameters added to every request built from `url`. */
  params?: Record<string, string>;
  /** Fixed, non-secret headers; credentials belong in `auth`. */
  headers?: Record<string, string>;
  auth?: HttpAuth;
  /** Default `{ style: 'none' }`. */
  pagination?: HttpPagination;
  /**
   * Hosts requests may go to (`api.example.com`, `api.example.com:8443`, `*.example.com`); default: url's host
   * and port. Host and port both count: an entry without a port allows the scheme's default port only.
   */
  allowedHosts?: string[];
  /**
   * Lets requests reach loopback, private and link-local addresses (127/8, 10/8, 172.16/12, 192.168/16,
   * 169.254/16, ::1, fc00::/7, fe80::/10, 0.0.0.0) that the definition does not name; default false. An IP
   * address or `localhost` written in url or allowedHosts is always reachable; a redirect, next link or DNS
   * answer that leads to any other private address is refused.
   */
  allowPrivateNetwork?: boolean;
  /** Per request; default '30s'. */
  requestTimeout?: DurationSpec;
  /** Attempts per request on 429, 5xx, timeouts and network errors before the step's retry policy takes over; default 5. */
  maxAttempts?: number;
  /** Longest wait between attempts, also the longest Retry-After honoured in place; default '30s'. */
  maxBackoff?: DurationSpec;
  /** Largest response body accepted, in bytes; default 50 MiB. */
  maxResponseBytes?: number;
  /** Stops a runaway pagination: reading more pages fails the step; default 10,000. */
  maxPages?: number;
}

/**
 * A query against another PostgreSQL database, run in a read-only transaction and streamed in batches.
 * Its URL is read from the worker's environment, so neither it nor its password is ever part of a definition.
 */
export interface PostgresSource extends Pick<RecordLimits, 'maxRecordDepth'> {
  kind: 'postgres';
  /** The environment variable that holds the database URL, e.g. `ORDERS_DB_URL`. */
  urlEnv: string;
  /** One SELECT (or WITH … SELECT); values come in as `$1`, `$2`, … from `params`, never spliced in. */
  query: string;
  /**
   * Bound to `$1`, `$2`, … in order; may use `{{partition}}`, `{{watermark}}` and `{{params.<name>}}`.
   * A value that uses `{{watermark}}` needs `incremental.initial`, so there is a watermark on the first run.
   */
  params?: string[];
  /** Rows fetched per round trip; default 1000. */
  batchSize?: number;
}

export type SourceSpec = FileSource | HttpSource | PostgresSource;
