// Finds the rel="next" target in an RFC 8288 Link header (GitHub-style pagination).

const LINK = /<([^>]*)>([^<]*)/g;
const REL = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s";,]+))/i;

/** The URL of the link whose rel includes `next`, as written (maybe relative); undefined when none. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const [, target, attributes] of header.matchAll(LINK)) {
    const rel = REL.exec(attributes ?? '');
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) return target?.trim();
  }
  return undefined;
}
