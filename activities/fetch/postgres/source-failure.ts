// Sorts a postgres source's failures: a refused login or a bad query is terminal, an unreachable server transient.
import { PostgresSourceError } from './postgres-source-error';
import type { SourceDatabase } from './source-database';

interface PgError {
  code?: string;
  message: string;
  position?: string;
  hint?: string;
}

/**
 * Errors the query itself causes, which repeat on every retry: feature not supported (0A), cardinality
 * (21), data (22), integrity (23), a write in the read-only transaction (25), savepoints and schemas
 * (2B, 3F), syntax, names and privileges (42), program limits (54), RAISE in a function (P0).
 */
const QUERY_AT_FAULT = /^(0A|21|22|23|25|2B|3F|42|54|P0)/;
const LOGIN_REFUSED = ['28000', '28P01'];
const NO_SUCH_DATABASE = '3D000';

/** For a failure to connect: a refused login or a missing database is terminal; anything else is retried. */
export function connectFailure(err: unknown, db: SourceDatabase): Error {
  const { code = '', message } = err as PgError;
  if (LOGIN_REFUSED.includes(code))
    return new PostgresSourceError(
      `${db.label} refused the login: ${message}`,
      `Check the user and password in ${db.urlEnv} (and that the server lets that user in), then retry the step or start a new run`,
    );
  if (code === NO_SUCH_DATABASE)
    return new PostgresSourceError(
      `${db.label}: ${message}`,
      `Fix the database name in ${db.urlEnv}, then retry the step`,
    );
  return new Error(`${db.label} cannot be reached: ${message}; the step's retry policy tries again`, {
    cause: err,
  });
}

/** For a failure of the query: PostgreSQL's own words, and where in source.query, when the query is at fault. */
export function queryFailure(err: unknown, query: string): unknown {
  const { code = '', message, position, hint } = err as PgError;
  if (!QUERY_AT_FAULT.test(code)) return err;
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
