// Temporal's own PostgreSQL login and its two databases, made by deploy/postgres/create-temporal.sh (as the compose
// PostgreSQL does on its first start) unless the login exists already.
import pg from 'pg';
import { runDeployScript } from './deploy-script';

export async function ensureTemporalLogin(
  superuserUrl: string,
  login: { user: string; password: string },
  log: (line: string) => void,
): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login.user]);
    if (rowCount) return log(`PostgreSQL login ${login.user} exists; create-temporal.sh not run`);
  } finally {
    await client.end();
  }
  const url = new URL(superuserUrl);
  // The script reaches the server through libpq's variables, the superuser's password included: never argv.
  await runDeployScript(
    'postgres/create-temporal.sh',
    [],
    {
      POSTGRES_USER: decodeURIComponent(url.username),
      PGHOST: url.hostname,
      PGPORT: url.port || '5432',
      PGPASSWORD: decodeURIComponent(url.password),
      TEMPORAL_DB_USER: login.user,
      TEMPORAL_DB_PASSWORD: login.password,
    },
    log,
  );
}
