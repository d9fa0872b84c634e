// The database a postgres source reads, found through the environment variable the source names.
import { redactor, type Redact } from '../http/redactor';
import { PostgresSourceError } from './postgres-source-error';

export interface SourceDatabase {
  /** The connection URL; never part of a message. */
  url: string;
  urlEnv: string;
  /** `the database in ORDERS_DB_URL (db.internal:5432/orders)`: host and name only, safe for messages. */
  label: string;
  /** Removes the URL and its password from any text. */
  redact: Redact;
}

/** Reads `urlEnv` from `env`; unset, empty or not a postgres:// URL is a terminal error naming the variable. */
export function sourceDatabase(urlEnv: string, env: Record<string, string | undefined>): SourceDatabase {
  const url = env[urlEnv];
  const fix = `Set ${urlEnv} to the database's URL (postgres://user:password@host:5432/db) where the workers run, restart them, then retry the step or start a new run`;
  if (!url)
    throw new PostgresSourceError(
      `source.urlEnv names ${urlEnv}, which is not set in the worker's environment`,
      fix,
    );
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'postgres:' && parsed?.protocol !== 'postgresql:')
    throw new PostgresSourceError(`${urlEnv} does not hold a postgres:// URL`, fix);
  return {
    url,
    urlEnv,
    label: `the database in ${urlEnv} (${parsed.host}${parsed.pathname})`,
    redact: redactor([url, parsed.password, safeDecode(parsed.password)]),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
