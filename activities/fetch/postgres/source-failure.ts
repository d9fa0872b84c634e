// Sorts a postgres source's failures: a refused login or a bad query is terminal, an unreachable server transient.
import { SQLSTATE } from '../../db/sqlstate';
import { retryCannotHelp } from '../../retryability';
import { PostgresSourceError } from './postgres-source-error';
import type { SourceDatabase } from './source-database';

interface PgError {
  code?: string;
  message: string;
  position?: string;
  hint?: string;
}

const LOGIN_REFUSED: readonly string[] = [SQLSTATE.invalidAuthorization, SQLSTATE.invalidPassword];

/**
 * For a failure to connect: what no retry can fix (see activities/db/sqlstate.ts: a refused login, a
 * missing database, no CONNECT privilege) is terminal; anything else, an unreachable server above all, is retried.
 */
export function connectFailure(err: unknown, db: SourceDatabase): Error {
  const { code = '', message } = err as PgError;
  if (LOGIN_REFUSED.includes(code))
    return new PostgresSourceError(
      `${db.label} refused the login: ${message}`,
      `Check the user and password in ${db.urlEnv} (and that the server lets that user in), then retry the step or start a new run`,
    );
  if (code === SQLSTATE.invalidCatalogName)
    return new PostgresSourceError(
      `${db.label}: ${message}`,
      `Fix the database name in ${db.urlEnv}, then retry the step`,
    );
  if (retryCannotHelp(err))
    return new PostgresSourceError(
      `${db.label} refused the connection: ${message}`,
      `Check the login in ${db.urlEnv} and what the server grants it, then retry the step or start a new run`,
    );
  return new Error(`${db.label} cannot be reached: ${message}; the step's retry policy tries again`, {
    cause: err,
  });
}

/**
 * For a failure of the query: PostgreSQL's own words, and where in source.query, when no retry can fix it
 * (see activities/db/sqlstate.ts): only source.query runs in this transaction, so that is the query's doing,
 * a write in the read-only transaction (25006) and a missing privilege (42501) included.
 */
export function queryFailure(err: unknown, query: string): unknown {
  const { message, position, hint } = err as PgError;
  if (!retryCannotHelp(err)) return err;
  return new PostgresSourceError(
    `source.query failed: ${message}${locate(query, position)}${hint ? ` (hint: ${hint})` : ''}`,
    'Fix source.query or source.params (a postgres source only reads), then start a new run',
  );
}

/** ` at line 2, column 8 of source.query` for PostgreSQL's 1-based character position; nothing without one. */
function locate(query: string, position: string | undefined): string {
  if (position === undefined) return '';
  const lines = [...query]
    .slice(0, Number(position) - 1)
    .join('')
    .split('\n');
  return ` at line ${lines.length}, column ${[...(lines.at(-1) as string)].length + 1} of source.query`;
}
