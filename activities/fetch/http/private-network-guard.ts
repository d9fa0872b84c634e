// Refuses requests to loopback, private and link-local addresses the source's definition does not name.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { displayUrl } from './display-url';
import { HttpSourceError } from './http-source-error';

/** Resolves when `url` may be requested; throws HttpSourceError for an address the source may not reach. */
export type AddressCheck = (url: URL, what: string) => Promise<void>;

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** Loopback, private (RFC 1918, unique local) or link-local (cloud metadata lives there); IPv4-mapped IPv6 too. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A source may reach a private address only when its definition names it: an IP address or `localhost`
 * written in source.url or source.allowedHosts (a local test server, say), or `allowPrivateNetwork: true`.
 * Anything else that is or resolves to one, through a redirect, a next link or DNS, is refused (SSRF).
 * The answer is checked just before each request; the request resolves the name again.
 */
export function privateNetworkGuard(named: readonly string[], allowPrivateNetwork = false): AddressCheck {
  if (allowPrivateNetwork) return async () => undefined;
  const trusted = new Set(named.map(bare).filter((host) => isIP(host) !== 0 || isLocalhost(host)));
  return async (url, what) => {
    const host = bare(url.hostname);
    if (trusted.has(host)) return;
    const literal = isIP(host) !== 0;
    const addresses = literal ? [host] : await resolve(host);
    const inside = addresses.find(isPrivateAddress);
    if (inside === undefined) return;
    throw new HttpSourceError(
      `refused ${what} ${displayUrl(url)}: ${literal ? host : `${host} resolves to ${inside}, which`} is a loopback, private or link-local address the source does not name`,
      'If the source really lives on a private network, set source.allowPrivateNetwork: true or write its address in the source; then start a new run',
    );
  };
}

/** Every address `host` resolves to; none when it does not resolve (the request then reports that itself). */
async function resolve(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true })).map((answer) => answer.address);
  } catch {
    return [];
  }
}

function bare(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

function isLocalhost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}
