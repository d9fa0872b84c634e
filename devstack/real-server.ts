// `npm run real-server`: the Temporal server (not the dev server) on PostgreSQL, set up as docker-compose.yml does,
// without Docker; runs until Ctrl-C.
import path from 'node:path';
import { z } from 'zod';
import { redactUrl } from '../runtime/open-pool';
import { parseEnv } from '../runtime/parse-env';
import { devConfigSchema } from './dev-config';
import { startPostgres } from './embedded-postgres';
import { goInstallTemporal } from './go-install';
import { isExecutable } from './is-executable';
import { onExit } from './on-exit';
import { assertPortFree } from './port-check';
import { startRealTemporalServer } from './real-temporal-server';
import { resolveTemporal } from './temporal-binary';
import { ensureTemporalLogin } from './temporal-login';
import { ensureTemporalServer, TEMPORAL_SERVER_VERSION } from './temporal-server-install';

/** The dev stack's variables, and Temporal's login as docker-compose.yml names it (its password required). */
const realServerConfigSchema = devConfigSchema.extend({
  TEMPORAL_DB_USER: z.string().min(1).default('temporal'),
  TEMPORAL_DB_PASSWORD: z
    .string({ message: "set TEMPORAL_DB_PASSWORD, the password of Temporal's PostgreSQL login" })
    .min(1),
});

const say = (message: string) => process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  const config = parseEnv(realServerConfigSchema, process.env);
  await assertPortFree(config.SLUICE_TEMPORAL_PORT, 'SLUICE_TEMPORAL_PORT', 'the Temporal server');
  const install = await ensureTemporalServer(process.env, say);
  const cli = await resolveTemporal({
    env: process.env,
    isExecutable,
    goInstall: (gobin) => goInstallTemporal(gobin, say),
    progress: say,
  });
  if (cli.executable.type !== 'existing-path')
    throw new Error(
      'deploy/temporal/setup-namespace.sh needs a Temporal CLI binary; set SLUICE_TEMPORAL_BIN',
    );
  const dataDir = path.resolve(config.SLUICE_HOME, 'real-server', 'postgres');
  const postgres = await startPostgres({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    dataDir,
    port: config.SLUICE_PG_PORT,
    log: () => undefined,
  });
  const login = { user: config.TEMPORAL_DB_USER, password: config.TEMPORAL_DB_PASSWORD };
  await ensureTemporalLogin(postgres.url, login, say);
  const url = new URL(postgres.url);
  const server = await startRealTemporalServer({
    install,
    temporalCli: cli.executable.path,
    postgres: { host: url.hostname, port: Number(url.port || 5432), ...login },
    frontendPort: config.SLUICE_TEMPORAL_PORT,
    namespace: config.TEMPORAL_NAMESPACE,
    log: config.LOG_LEVEL === 'debug' ? say : () => undefined,
  });
  let stopping = false;
  onExit(async () => {
    stopping = true;
    await server.stop();
    await postgres.stop();
  });
  server.child.once('close', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`sluice: the Temporal server exited (${signal ?? code})\n`);
    process.exit(1);
  });
  say(
    [
      `Temporal server ${TEMPORAL_SERVER_VERSION} at ${server.address}, namespace ${config.TEMPORAL_NAMESPACE}, ` +
        `its state in PostgreSQL ${redactUrl(postgres.url)}` +
        (postgres.embedded ? ` (superuser password in ${dataDir}.password)` : ''),
      `Workers: TEMPORAL_ADDRESS=${server.address} DATABASE_URL=<your warehouse> npx sluice worker`,
      'Ctrl-C stops it.',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`sluice: ${(err as Error).message}\n`);
  process.exit(1);
});
