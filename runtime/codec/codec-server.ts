// The codec server the Temporal Web UI and CLI call: POST /decode (and /encode when allowed) for the UI's origins, optional bearer token.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import type { PayloadCodec } from '@temporalio/common';
import { DecryptionError, UnknownKeyError } from './decryption-error';
import { PayloadJsonError, payloadsFromJson, payloadsToJson } from './payload-json';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Browser origins allowed to call (the Web UI's, e.g. http://localhost:8233); other origins get 403. */
  corsOrigins: readonly string[];
  /** When set, every POST must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Serve `/encode` too (anyone who can call it can seal payloads workers will trust); default off: 403. */
  allowEncode?: boolean;
  /** Listen beyond loopback without a token, when something else guards the port; default: refused. */
  allowNoToken?: boolean;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Where a failed call's message goes (never payloads); stderr unless given. */
  log?: (line: string) => void;
}

export interface RunningCodecServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** `/decode`, or `/<namespace>/decode` as the Temporal CLI's `--codec-endpoint` templating sends it. */
const ROUTE = /(?:^|\/)(encode|decode)$/;

/** A codec server asked to decrypt for anyone on the network: a non-loopback address and no bearer token. */
export class CodecServerExposedError extends Error {
  override name = 'CodecServerExposedError';
  constructor(host: string) {
    super(
      `refusing to listen on ${host} without a bearer token: anyone who reaches it could decrypt every payload. ` +
        'Set SLUICE_CODEC_TOKEN (16+ characters), listen on loopback (--host 127.0.0.1), or pass --allow-no-token ' +
        'when something else guards the port (a container port published on 127.0.0.1 only, a proxy)',
    );
  }
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: addresses only this machine reaches. */
export function isLoopback(host: string): boolean {
  const address = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (address === 'localhost' || address === '::1') return true;
  const ipv4 = address.replace(/^::ffff:/, '');
  return isIP(ipv4) === 4 && ipv4.startsWith('127.');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startCodecServer(options: CodecServerOptions): Promise<RunningCodecServer> {
  if (!options.token && !options.allowNoToken && !isLoopback(options.host))
    throw new CodecServerExposedError(options.host);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let hosts: readonly string[] = [];
  const server = http.createServer((request, response) => {
    handle(options, hosts, request, response).catch((err: unknown) => {
      const status = statusOf(err);
      if (status === 500) log(`codec server: ${request.method} ${request.url} failed: ${errorMessage(err)}`);
      send(response, status, { error: status === 500 ? 'internal error' : publicMessage(err) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const boundHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  hosts = [boundHost, 'localhost', '127.0.0.1'].map((host) => `${host}:${port}`.toLowerCase());
  return {
    url: `http://${boundHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Refuses other Host names (a DNS-rebinding page reaches 127.0.0.1 under its own name) and other
 * origins (CORS alone would only hide the answer from the page, after decoding).
 */
async function handle(
  options: CodecServerOptions,
  hosts: readonly string[],
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  if (!hosts.includes(request.headers.host?.toLowerCase() ?? ''))
    throw new HttpError(421, `the Host header must be one of ${hosts.join(', ')}`);
  const origin = request.headers.origin;
  if (origin !== undefined && !options.corsOrigins.includes(origin))
    throw new HttpError(403, `origin ${origin} is not allowed (--cors-origin)`);
  if (origin !== undefined) setCorsHeaders(response, origin);
  if (request.method === 'OPTIONS') return void response.writeHead(204).end();
  const route = ROUTE.exec(new URL(request.url ?? '/', 'http://codec').pathname)?.[1];
  if (!route) throw new HttpError(404, 'not found: POST /encode or /decode');
  if (request.method !== 'POST') throw new HttpError(405, 'use POST');
  if (options.token && !bearerMatches(request.headers.authorization, options.token)) {
    response.setHeader('WWW-Authenticate', 'Bearer');
    throw new HttpError(401, 'missing or wrong bearer token');
  }
  if (route === 'encode' && !options.allowEncode)
    throw new HttpError(
      403,
      '/encode is off: start the codec server with --allow-encode to let callers encrypt',
    );
  const payloads = payloadsFromJson(await readJson(request));
  const result = await (route === 'encode' ? options.codec.encode(payloads) : options.codec.decode(payloads));
  send(response, 200, payloadsToJson(result));
}

/** Client mistakes get their message back; anything else is a 500 that reveals nothing to the caller. */
function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof PayloadJsonError) return 400;
  if (err instanceof DecryptionError) return 422;
  return 500;
}

/** The key id a payload needs, not the ids this server holds. */
function publicMessage(err: unknown): string {
  if (err instanceof UnknownKeyError)
    return `cannot decrypt a payload encrypted with key "${err.keyId}": this codec server does not hold that key`;
  return errorMessage(err);
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

function setCorsHeaders(response: http.ServerResponse, origin: string): void {
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Vary', 'Origin');
  response.setHeader('Access-Control-Allow-Credentials', 'true');
  response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
  response.setHeader('Access-Control-Max-Age', '600');
}

/** Compares digests, so the time taken says nothing about the token. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** A body over the limit is refused from its Content-Length, or drained unread once it passes the limit. */
async function readJson(request: http.IncomingMessage): Promise<unknown> {
  const tooLarge = new HttpError(413, `the body exceeds ${MAX_BODY_BYTES} bytes`);
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw tooLarge;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
}

function send(response: http.ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
