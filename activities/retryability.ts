// The one answer to "can a retry help?" for any error a stage meets: what the error says, its code, or its cause.
import { sqlstateRetryability } from './db/sqlstate';

/**
 * - `transient`: a retry may succeed (a network hiccup, a lost connection, a busy or restarting server);
 * - `terminal`: it cannot until someone changes the definition, the configuration or the database;
 * - `data`: it cannot until someone changes the rows.
 *
 * Only a SQLSTATE says `terminal` or `data`; the other signs below only ever say `transient`.
 */
export type Retryability = 'transient' | 'terminal' | 'data';

/** Node's (and fetch's undici's) codes for a connection that could not be made or broke: the next may work. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', // nothing listens yet: a server starting or restarting
  'ECONNRESET', // the peer dropped the connection
  'ECONNABORTED',
  'EPIPE', // written to a connection the peer had closed
  'ETIMEDOUT', // no answer in time
  'ENOTFOUND', // DNS: a passing outage; a misspelled host fails every attempt and the retry policy ends it
  'EAI_AGAIN', // DNS answered "try again"
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** pg's and pg-pool's own errors for a lost or unobtainable connection carry no code, only these words. */
const CONNECTION_LOST =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

/** How deep a chain of causes is followed (a cycle must not hang the worker). */
const MAX_CAUSES = 5;

/**
 * What a retry would do for `err`, or undefined when nothing about it says: then the stage's own default
 * applies (PostgreSQL's and the network's unknowns are retried; a user's rows function that throws is not).
 * The first error in the chain of causes that says something decides.
 */
export function retryability(err: unknown): Retryability | undefined {
  let e: unknown = err;
  for (let depth = 0; e !== null && typeof e === 'object' && depth < MAX_CAUSES; depth += 1) {
    const said = ownRetryability(e);
    if (said) return said;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function ownRetryability(e: object): Retryability | undefined {
  const { retryable, code, name, message } = e as {
    retryable?: unknown;
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  // The convention for code Sluice runs but does not own (a rows function): an error that says so is retried.
  if (retryable === true) return 'transient';
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return 'transient';
    const sqlstate = sqlstateRetryability(code);
    if (sqlstate) return sqlstate;
  }
  // AbortSignal.timeout() in code Sluice runs: it gave up waiting, and the next attempt may be answered in time.
  if (name === 'TimeoutError') return 'transient';
  if (typeof message === 'string' && CONNECTION_LOST.test(message)) return 'transient';
  return undefined;
}

/**
 * What an HTTP answer's status says: 408 (the server timed out waiting), 429 (too many requests) and 5xx
 * may go next time; any other 4xx repeats until the request changes. Undefined for the rest (2xx, 3xx).
 */
export function httpStatusRetryability(status: number): Retryability | undefined {
  if (status === 408 || status === 429 || status >= 500) return 'transient';
  return status >= 400 ? 'terminal' : undefined;
}

/** True when `err` says no retry can fix it (terminal or data): a stage turns it into a terminal failure. */
export function retryCannotHelp(err: unknown): boolean {
  const judged = retryability(err);
  return judged === 'terminal' || judged === 'data';
}
