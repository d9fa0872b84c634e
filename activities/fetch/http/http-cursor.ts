// Where an HTTP source resumes: small, JSON-serializable, heartbeated by the fetch activity after each page.
import type { HttpPagination } from '../../../core/fetch/source-spec';
import { HttpSourceError } from './http-source-error';

/** The request that fetches the next page: the first one, or one built from the previous answer. */
export type HttpNext =
  { start: true } | { page: number } | { offset: number } | { token: string } | { url: string };

/** `pages` pages were read; `next` fetches the one after them, null when there is none. */
export interface HttpCursor {
  pages: number;
  next: HttpNext | null;
}

const NEXT_KEYS: Record<HttpPagination['style'], string[]> = {
  none: ['start'],
  page: ['page'],
  offset: ['offset'],
  cursor: ['start', 'token'],
  'link-header': ['start', 'url'],
  'next-url': ['start', 'url'],
};

const VALUE_TYPES: Record<string, (value: unknown) => boolean> = {
  start: (value) => value === true,
  page: (value) => Number.isInteger(value),
  offset: (value) => Number.isInteger(value) && (value as number) >= 0,
  token: (value) => typeof value === 'string',
  url: (value) => typeof value === 'string' && URL.canParse(value),
};

/** The cursor a read starts from: nothing read yet. */
export function startCursor(pagination: HttpPagination): HttpCursor {
  if (pagination.style === 'page') return { pages: 0, next: { page: pagination.firstPage ?? 1 } };
  if (pagination.style === 'offset') return { pages: 0, next: { offset: 0 } };
  return { pages: 0, next: { start: true } };
}

/** `resumeFrom`, checked against the pagination style: a cursor from another style cannot continue it. */
export function resumeCursor(cursor: HttpCursor, pagination: HttpPagination): HttpCursor {
  const entries = Object.entries(cursor?.next ?? {});
  const [key, value] = entries[0] ?? [];
  const fits =
    Number.isInteger(cursor?.pages) &&
    cursor.pages >= 0 &&
    (cursor.next === null ||
      (entries.length === 1 &&
        NEXT_KEYS[pagination.style].includes(key as string) &&
        VALUE_TYPES[key as string]?.(value) === true));
  if (!fits) {
    throw new HttpSourceError(
      `cannot resume from cursor ${JSON.stringify(cursor)}: it does not fit pagination style "${pagination.style}"`,
      'The source definition changed while the step ran; start a new run',
    );
  }
  return cursor;
}
