// Opens a pg pool and proves it works, turning connection failures into messages that say what to do.
import pg from 'pg';
import { isSecretKey } from './redact';

/** The URL with its password and secret parameters (`?sslpassword=`, …) replaced, safe for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of new Set(parsed.searchParams.keys()))
      if (isSecretKey(key)) parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

/** Raised when PostgreSQL cannot be reached or refuses the login. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

function explain(err: unknown, url: string): string {
  const code = String((err as { code?: unknown }).code ?? '');
  const where = redactUrl(url);
  if (code === 'ECONNREFUSED')
    return `PostgreSQL at ${where} refused the connection: is it running on that host and port?`;
  if (code === 'ENOTFOUND')
    return `PostgreSQL host in ${where} does not resolve: check the host name in DATABASE_URL.`;
  if (code === '28P01' || code === '28000')
    return `PostgreSQL at ${where} refused the login: check the user and password in DATABASE_URL.`;
  if (code === '3D000') return `database in ${where} does not exist: create it or fix DATABASE_URL.`;
  return `cannot use PostgreSQL at ${where}: ${(err as Error).message}`;
}

export async function openPool(url: string, max = 10): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined); // an idle client's lost connection is replaced on next use
  // A checked-out client's lost connection fails its query, which reports it; unheard, the client's own
  // 'error' event would end the process (node-postgres emits it on checked-out clients too).
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(explain(err, url), { cause: err });
  }
}
