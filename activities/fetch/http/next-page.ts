// Reads, per pagination style, where the page after this one is; null when this page was the last.
import { ExactNumber } from '../../exact-json';
import type { HttpPagination } from '../../../core/fetch/source-spec';
import type { HostCheck } from './host-allow-list';
import type { HttpNext } from './http-cursor';
import { HttpSourceError } from './http-source-error';
import { readPath } from './json-path';
import { nextLink } from './link-header';
import { describe } from './parse-page';

/** One parsed answer, as pagination sees it. `what` names the request in messages. */
export interface PageAnswer {
  body: unknown;
  records: unknown[];
  headers: Headers;
  /** Where the answer came from (after redirects): relative next links resolve against it. */
  url: URL;
  what: string;
}

/** The next request, checked against the allow list; `authQuery` is stripped so it never lands in a cursor. */
export function nextPage(
  pagination: HttpPagination,
  current: HttpNext,
  answer: PageAnswer,
  checkHost: HostCheck,
  authQuery?: string,
): HttpNext | null {
  const empty = answer.records.length === 0;
  switch (pagination.style) {
    case 'none':
      return null;
    case 'page': {
      const first = pagination.firstPage ?? 1;
      const page = 'page' in current ? current.page : first;
      const total =
        pagination.totalPagesPath === undefined ? undefined : countAt(answer, pagination.totalPagesPath);
      return empty || (total !== undefined && page >= first + total - 1) ? null : { page: page + 1 };
    }
    case 'offset': {
      const offset = ('offset' in current ? current.offset : 0) + answer.records.length;
      const total = pagination.totalPath === undefined ? undefined : countAt(answer, pagination.totalPath);
      return empty || (total !== undefined && offset >= total) ? null : { offset };
    }
    case 'cursor': {
      const token = readPath(answer.body, pagination.nextCursorPath);
      if (token === undefined || token === null || token === '' || token === false) return null;
      // A large numeric cursor (a 64-bit id, say) is kept exact: its text is the cursor.
      if (typeof token !== 'string' && typeof token !== 'number' && !(token instanceof ExactNumber))
        throw new HttpSourceError(
          `${answer.what}: "${pagination.nextCursorPath}" is ${describe(token)}, not a cursor`,
        );
      return { token: String(token) };
    }
    case 'link-header':
      return followed(nextLink(answer.headers.get('link')), 'its Link header', answer, checkHost, authQuery);
    case 'next-url': {
      const target = readPath(answer.body, pagination.nextUrlPath);
      if (target !== undefined && target !== null && typeof target !== 'string')
        throw new HttpSourceError(
          `${answer.what}: "${pagination.nextUrlPath}" is ${describe(target)}, not a URL`,
        );
      return followed(target ?? undefined, `"${pagination.nextUrlPath}"`, answer, checkHost, authQuery);
    }
    default:
      throw new HttpSourceError(`unknown pagination style "${(pagination as { style: unknown }).style}"`);
  }
}

function followed(
  target: string | undefined,
  from: string,
  answer: PageAnswer,
  checkHost: HostCheck,
  authQuery?: string,
): HttpNext | null {
  if (!target) return null;
  let url: URL;
  try {
    url = new URL(target, answer.url);
  } catch {
    throw new HttpSourceError(`${answer.what}: ${from} holds "${target}", which is not a URL`);
  }
  checkHost(url, `the next page link (from ${from}) to`);
  if (authQuery && url.searchParams.has(authQuery)) url.searchParams.delete(authQuery);
  return { url: url.href };
}

function countAt(answer: PageAnswer, path: string): number {
  const value = readPath(answer.body, path);
  const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isFinite(count))
    throw new HttpSourceError(`${answer.what}: "${path}" is ${describe(value)}, not a count`);
  return count;
}
