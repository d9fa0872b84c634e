// Builds each request's URL: source.url with placeholders and params filled, plus the cursor's page.
import type { HttpPagination, HttpSource } from '../../../core/fetch/source-spec';
import type { HttpNext } from './http-cursor';
import { HttpSourceError } from './http-source-error';
import { renderTemplate, type TemplateValues } from './render-template';

/** source.url with its placeholders filled and source.params added (those waiting for a watermark left out). */
export function baseUrl(spec: HttpSource, values: TemplateValues): URL {
  const rendered = renderTemplate('source.url', spec.url, values, encodeURIComponent);
  if (rendered === undefined) {
    throw new HttpSourceError(
      'source.url uses {{watermark}} but there is no watermark yet',
      'Move the watermark into source.params, which are left out until there is one; then start a new run',
    );
  }
  const url = new URL(rendered);
  for (const [name, template] of Object.entries(spec.params ?? {})) {
    const value = renderTemplate(`source.params.${name}`, template, values);
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url;
}

/** The URL that fetches `next`; an API key sent as a query parameter is added here and nowhere earlier. */
export function pageUrl(
  next: HttpNext,
  base: URL,
  pagination: HttpPagination,
  authQuery?: { name: string; value: string },
): URL {
  const url = new URL('url' in next ? next.url : base);
  const query = url.searchParams;
  if ('page' in next && pagination.style === 'page') {
    query.set(pagination.pageParam ?? 'page', String(next.page));
    if (pagination.sizeParam && pagination.pageSize !== undefined)
      query.set(pagination.sizeParam, String(pagination.pageSize));
  } else if ('offset' in next && pagination.style === 'offset') {
    query.set(pagination.offsetParam ?? 'offset', String(next.offset));
    query.set(pagination.limitParam ?? 'limit', String(pagination.limit));
  } else if ('token' in next && pagination.style === 'cursor') {
    query.set(pagination.cursorParam, next.token);
  }
  if (authQuery) query.set(authQuery.name, authQuery.value);
  return url;
}
