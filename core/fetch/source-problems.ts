// Checks a fetch step's source when the pipeline is defined: the dispatch by kind, and the http source's checks.
import { fileSourceProblems } from './file-source-problems';
import { postgresSourceProblems } from './postgres-source-problems';
import {
  booleanProblems,
  dotPathProblems,
  durationProblems,
  envNameProblems,
  integerProblems,
} from './source-field-problems';
import { PLACEHOLDER_PATTERN, templateProblems } from './source-placeholders';
import type { HttpAuth, HttpPagination, HttpSource, RecordLimits, SourceSpec } from './source-spec';
import type { IncrementalSpec } from '../pipeline/step-definitions';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HOST_ENTRY = /^(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const STYLES = ['none', 'page', 'offset', 'cursor', 'link-header', 'next-url'];

/** Every problem with the source (and how it meets the step's `incremental`), worded for the pipeline author. */
export function sourceProblems(source: SourceSpec | undefined, incremental?: IncrementalSpec): string[] {
  if (!source) return ['source is required'];
  return [...kindProblems(source, incremental), ...recordLimitProblems(source)];
}

function kindProblems(source: SourceSpec, incremental?: IncrementalSpec): string[] {
  switch (source.kind) {
    case 'file':
      return fileSourceProblems(source);
    case 'http':
      return httpProblems(source);
    case 'postgres':
      return postgresSourceProblems(source, incremental);
    default:
      return [`unknown source kind "${(source as { kind: unknown }).kind}"; use file, http or postgres`];
  }
}

function recordLimitProblems(source: SourceSpec): string[] {
  const limits = source as RecordLimits;
  return [
    ...(source.kind === 'postgres' && limits.maxRecordBytes !== undefined
      ? ['source.maxRecordBytes does not apply to a postgres source (PostgreSQL bounds its rows itself)']
      : integerProblems('maxRecordBytes', limits.maxRecordBytes, 1)),
    ...integerProblems('maxRecordDepth', limits.maxRecordDepth, 1, 1000),
  ];
}

function httpProblems(source: HttpSource): string[] {
  const problems = urlProblems(source.url);
  if (source.recordsPath !== undefined) problems.push(...dotPathProblems('recordsPath', source.recordsPath));
  for (const [name, value] of Object.entries(source.params ?? {})) {
    if (typeof value !== 'string') problems.push(`source.params.${name} must be a string`);
    else problems.push(...templateProblems(`source.params.${name}`, value));
  }
  for (const [name, value] of Object.entries(source.headers ?? {})) {
    if (!HEADER_NAME.test(name)) problems.push(`source.headers "${name}" is not a valid header name`);
    else if (SECRET_HEADERS.includes(name.toLowerCase()))
      problems.push(`source.headers.${name} would put a secret in the definition; use source.auth instead`);
    if (typeof value !== 'string') problems.push(`source.headers.${name} must be a string`);
  }
  problems.push(...authProblems(source.auth), ...paginationProblems(source));
  for (const host of source.allowedHosts ?? []) {
    if (typeof host !== 'string' || !HOST_ENTRY.test(host))
      problems.push(`source.allowedHosts entry "${String(host)}" must be a host like api.example.com[:port]`);
  }
  problems.push(...durationProblems('requestTimeout', source.requestTimeout));
  problems.push(...durationProblems('maxBackoff', source.maxBackoff));
  problems.push(...integerProblems('maxAttempts', source.maxAttempts, 1, 100));
  problems.push(...integerProblems('maxResponseBytes', source.maxResponseBytes, 1));
  problems.push(...integerProblems('maxPages', source.maxPages, 1));
  problems.push(...booleanProblems('allowPrivateNetwork', source.allowPrivateNetwork));
  return problems;
}

function urlProblems(url: unknown): string[] {
  if (typeof url !== 'string' || !url.trim()) return ['source.url is required'];
  const problems = templateProblems('source.url', url);
  const withValue = (value: string) => new URL(url.replace(PLACEHOLDER_PATTERN, value));
  let parsed: URL;
  try {
    parsed = withValue('x');
  } catch {
    return [...problems, `source.url "${url}" is not an absolute URL like https://api.example.com/orders`];
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    problems.push(`source.url must use http or https, not ${parsed.protocol}`);
  if (parsed.username || parsed.password)
    problems.push('source.url must not hold credentials; use source.auth with an environment variable');
  if (parsed.host !== withValue('y').host)
    problems.push('source.url may use placeholders in its path and query only, not in its host');
  return problems;
}

function authProblems(auth: HttpAuth | undefined): string[] {
  if (auth === undefined) return [];
  const envName = (field: string, value: unknown) =>
    envNameProblems(`auth.${field}`, value, 'ORDERS_API_TOKEN', 'a secret');
  switch (auth.kind) {
    case 'bearer':
      return envName('tokenEnv', auth.tokenEnv);
    case 'basic':
      return [...envName('usernameEnv', auth.usernameEnv), ...envName('passwordEnv', auth.passwordEnv)];
    case 'api-key': {
      const problems = envName('keyEnv', auth.keyEnv);
      if ((auth.header === undefined) === (auth.query === undefined))
        problems.push('source.auth needs exactly one of header (a header name) or query (a parameter name)');
      if (auth.header !== undefined && !HEADER_NAME.test(auth.header))
        problems.push(`source.auth.header "${auth.header}" is not a valid header name`);
      if (auth.query !== undefined && !auth.query.trim())
        problems.push('source.auth.query must not be empty');
      return problems;
    }
    default:
      return [`unknown source.auth.kind "${(auth as { kind: unknown }).kind}"; use bearer, api-key or basic`];
  }
}

function paginationProblems(source: HttpSource): string[] {
  const p: HttpPagination | undefined = source.pagination;
  if (p === undefined) return [];
  if (!STYLES.includes(p.style))
    return [`unknown source.pagination.style "${p.style}"; use ${STYLES.join(', ')}`];
  const problems: string[] = [];
  const param = (field: string, value: unknown, required: boolean) => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || !value.trim())
      problems.push(`source.pagination.${field} must name a query parameter`);
    else if (source.params?.[value] !== undefined)
      problems.push(`source.params.${value} is set by pagination (${field}); remove it from params`);
  };
  if (p.style === 'page') {
    param('pageParam', p.pageParam ?? 'page', true);
    param('sizeParam', p.sizeParam, false);
    problems.push(...integerProblems('pagination.firstPage', p.firstPage, 0));
    problems.push(...integerProblems('pagination.pageSize', p.pageSize, 1));
    if ((p.sizeParam === undefined) !== (p.pageSize === undefined))
      problems.push('source.pagination.sizeParam and pageSize go together: set both or neither');
    if (p.totalPagesPath !== undefined)
      problems.push(...dotPathProblems('pagination.totalPagesPath', p.totalPagesPath));
  } else if (p.style === 'offset') {
    param('offsetParam', p.offsetParam ?? 'offset', true);
    param('limitParam', p.limitParam ?? 'limit', true);
    if (p.limit === undefined) problems.push('source.pagination.limit is required: the page size to ask for');
    problems.push(...integerProblems('pagination.limit', p.limit, 1));
    if (p.totalPath !== undefined) problems.push(...dotPathProblems('pagination.totalPath', p.totalPath));
  } else if (p.style === 'cursor') {
    param('cursorParam', p.cursorParam, true);
    problems.push(...dotPathProblems('pagination.nextCursorPath', p.nextCursorPath));
  } else if (p.style === 'next-url') {
    problems.push(...dotPathProblems('pagination.nextUrlPath', p.nextUrlPath));
  }
  return problems;
}
