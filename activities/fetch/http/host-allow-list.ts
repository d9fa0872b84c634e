// The hosts an HTTP source may talk to: a next link or redirect elsewhere is refused, credentials stay home.
import { displayUrl } from './display-url';
import { HttpSourceError } from './http-source-error';

export type HostCheck = (url: URL, what: string) => void;

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };
/** `*.` for a wildcard, the host name or bracketed IPv6 address, the port if one is given. */
const ENTRY = /^(\*\.)?(.+?)(?::(\d+))?$/;

/**
 * Checks against `allowedHosts` (default: the first URL's host and port); https sources never drop to http.
 * Host and port both count: an entry without a port allows the scheme's default port only, as a URL would.
 */
export function hostAllowList(first: URL, allowedHosts: readonly string[] | undefined): HostCheck {
  const entries = (allowedHosts?.length ? allowedHosts : [first.host]).map((host) => host.toLowerCase());
  const allowed = (url: URL) => entries.some((entry) => hostMatches(entry, url));
  return (url, what) => {
    let problem: string | undefined;
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      problem = `its scheme ${url.protocol} is not http(s)`;
    else if (first.protocol === 'https:' && url.protocol === 'http:')
      problem = 'it leaves https for plain http';
    else if (!allowed(url))
      problem = `host ${url.host} is not in source.allowedHosts (${entries.join(', ')})`;
    if (problem) {
      throw new HttpSourceError(
        `refused ${what} ${displayUrl(url)}: ${problem}`,
        'If the API really moves between hosts (or ports), list each host[:port] in source.allowedHosts; then start a new run',
      );
    }
  };
}

/** Whether `url`'s host and port are what `entry` (`api.example.com`, `*.example.com`, `host:8443`) allows. */
function hostMatches(entry: string, url: URL): boolean {
  const [, wildcard, host = '', port] = ENTRY.exec(entry) ?? [];
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if ((port ?? defaultPort) !== (url.port || defaultPort)) return false;
  return wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
}

/** The hosts `allowedHosts` (or the first URL) names exactly, without wildcards or ports. */
export function namedHosts(first: URL, allowedHosts: readonly string[] | undefined): string[] {
  const named = (allowedHosts ?? []).filter((entry) => !entry.startsWith('*.'));
  return [first.hostname, ...named.map((entry) => ENTRY.exec(entry.toLowerCase())?.[2] ?? entry)];
}
