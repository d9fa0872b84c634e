// Checks a fetch step's source when the pipeline is defined.
import { toMilliseconds } from './durations';
import type { HttpAuth, HttpPagination, HttpSource, SourceSpec } from './source-spec';

/** `{{name}}` in an http source's url or params; group 1 is the name. Shared with the activity that renders it. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const PARAM_PLACEHOLDER = /^params\.([A-Za-z0-9_.-]+)$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HOST_ENTRY = /^(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;
const DOT_PATH = /^[^.\s]+(\.[^.\s]+)*$/;
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
const STYLES = ['none', 'page', 'offset', 'cursor', 'link-header', 'next-url'];

/** The run value a placeholder stands for, or undefined when Sluice knows no such placeholder. */
export function placeholderTarget(
  name: string,
): { kind: 'partition' } | { kind: 'watermark' } | { kind: 'param'; param: string } | undefined {
  if (name === 'partition' || name === 'watermark') return { kind: name };
  const param = PARAM_PLACEHOLDER.exec(name)?.[1];
  return param === undefined ? undefined : { kind: 'param', param };
}

/** Every problem with the source, worded for the pipeline author; empty when it is fine. */
export function sourceProblems(source: SourceSpec | undefined): string[] {
  if (!source) return ['source is required'];
  switch (source.kind) {
    case 'file': {
      const problems: string[] = [];
      if (!source.path?.trim()) problems.push('source.path is required');
      if (!['csv', 'ndjson'].includes(source.format))
        problems.push(`source.format must be csv or ndjson, got "${source.format}"`);
      return problems;
    }
    case 'http':
      return httpProblems(source);
    default:
      return [`unknown source kind "${(source as { kind: unknown }).kind}"; use file or http`];
  }
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
  for (const field of ['requestTimeout', 'maxBackoff'] as const) {
    const value = source[field];
    const ms = value === undefined ? 1 : toMilliseconds(value);
    if (ms === undefined || ms <= 0)
      problems.push(`source.${field} "${value}" is not a positive duration like '30s'`);
  }
  problems.push(...integerProblems('maxAttempts', source.maxAttempts, 1, 100));
  problems.push(...integerProblems('maxResponseBytes', source.maxResponseBytes, 1));
  problems.push(...integerProblems('maxPages', source.maxPages, 1));
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

function templateProblems(field: string, text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)]
    .filter((match) => placeholderTarget(match[1] ?? '') === undefined)
    .map(
      (match) =>
        `${field} uses unknown placeholder ${match[0]}; use {{partition}}, {{watermark}} or {{params.<name>}}`,
    );
}

function authProblems(auth: HttpAuth | undefined): string[] {
  if (auth === undefined) return [];
  // The value is never echoed: an author who pasted the secret itself must not see it land in logs.
  const envName = (field: string, value: unknown) =>
    typeof value === 'string' && ENV_NAME.test(value)
      ? []
      : [
          `source.auth.${field} must be the name of an environment variable (like ORDERS_API_TOKEN), not a secret`,
        ];
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

function dotPathProblems(field: string, path: unknown): string[] {
  return typeof path === 'string' && DOT_PATH.test(path)
    ? []
    : [`source.${field} must be a dot path like data.items, got ${JSON.stringify(path)}`];
}

function integerProblems(
  field: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): string[] {
  if (value === undefined) return [];
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
    ? []
    : [
        `source.${field} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
      ];
}
