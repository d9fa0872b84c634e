// The hosts an HTTP source may talk to: a next link or redirect elsewhere is refused, credentials stay home.
import { displayUrl } from './display-url';
import { HttpSourceError } from './http-source-error';

export type HostCheck = (url: URL, what: string) => void;

/** Checks against `allowedHosts` (default: the first URL's host); https sources never drop to http. */
export function hostAllowList(first: URL, allowedHosts: readonly string[] | undefined): HostCheck {
  const entries = (allowedHosts?.length ? allowedHosts : [first.host]).map((host) => host.toLowerCase());
  const allowed = (url: URL) =>
    entries.some((entry) =>
      entry.startsWith('*.')
        ? url.hostname.endsWith(entry.slice(1))
        : entry === url.host.toLowerCase() || entry === url.hostname.toLowerCase(),
    );
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
        'If the API really moves between hosts, list them in source.allowedHosts; then start a new run',
      );
    }
  };
}
