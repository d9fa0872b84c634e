// The Temporal server as docker-compose.yml runs it, without Docker: deploy/temporal's schema job, the server on
// the compose file's variables and dynamic config, then deploy/temporal's namespace and search-attribute job.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sluiceSearchAttributes } from '../core/run/search-attributes';
import { DEPLOY_DIR, runDeployScript } from './deploy-script';
import { freePort, freePortBetween } from './port-check';
import type { TemporalServerInstall } from './temporal-server-install';

/** The file the compose service mounts as its dynamic config. */
export const COMPOSE_DYNAMIC_CONFIG = path.join(DEPLOY_DIR, 'temporal', 'dynamic-config.yaml');
/** What docker-compose.yml's temporal-schema and temporal-setup services run, under deploy/. */
export const SCHEMA_JOB = 'temporal/setup-schema.sh';
export const NAMESPACE_JOB = 'temporal/setup-namespace.sh';
/** The namespace job's arguments: the Keyword search attributes to register. */
export const NAMESPACE_JOB_ARGS = sluiceSearchAttributes.map((key) => key.name);
const STOP_GRACE_MS = 15_000;

export interface RealTemporalOptions {
  install: TemporalServerInstall;
  /** The Temporal CLI that deploy/temporal/setup-namespace.sh runs as `temporal`. */
  temporalCli: string;
  /** Temporal's own login (deploy/postgres/create-temporal.sh), owning databases temporal and temporal_visibility. */
  postgres: { host: string; port: number; user: string; password: string };
  frontendPort: number;
  namespace: string;
  retention?: string;
  log(line: string): void;
}

export interface RealTemporal {
  address: string;
  /** The server's process, for a test that must see it end. */
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The ports the config template reads besides the frontend's: free ones, so two servers never collide; below
 * 32768, since the cluster_membership table keeps a membership port as a smallint.
 */
async function internalPorts(frontendPort: number): Promise<Record<string, string>> {
  const names = [
    'FRONTEND_HTTP_PORT',
    'FRONTEND_MEMBERSHIP_PORT',
    'HISTORY_GRPC_PORT',
    'HISTORY_MEMBERSHIP_PORT',
    'MATCHING_GRPC_PORT',
    'MATCHING_MEMBERSHIP_PORT',
    'WORKER_GRPC_PORT',
    'WORKER_MEMBERSHIP_PORT',
  ];
  const taken = [frontendPort];
  const ports: Record<string, string> = {};
  for (const name of names) {
    const port = await freePortBetween(20_000, 32_767, taken);
    taken.push(port);
    ports[name] = String(port);
  }
  return ports;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('close', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * docker-compose.yml's x-temporal-db, read by the schema job and by the server's config template alike (the
 * template takes the visibility store's port from POSTGRES_PORT).
 */
export function databaseVariables(postgres: RealTemporalOptions['postgres']): Record<string, string> {
  return {
    DB: 'postgres12',
    DB_PORT: String(postgres.port),
    POSTGRES_PORT: String(postgres.port),
    POSTGRES_SEEDS: postgres.host,
    POSTGRES_USER: postgres.user,
    POSTGRES_PWD: postgres.password,
  };
}

/** The temporal service's own variables: on loopback, with the compose file's dynamic config. */
export function serverVariables(frontendPort: number, metricsPort: number): Record<string, string> {
  return {
    BIND_ON_IP: '127.0.0.1',
    FRONTEND_GRPC_PORT: String(frontendPort),
    DYNAMIC_CONFIG_FILE_PATH: COMPOSE_DYNAMIC_CONFIG,
    PROMETHEUS_ENDPOINT: `127.0.0.1:${metricsPort}`,
  };
}

/** The temporal-setup service's variables. */
export function namespaceJobVariables(address: string, namespace: string, retention: string) {
  return { TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace, TEMPORAL_RETENTION: retention };
}

export async function startRealTemporalServer(options: RealTemporalOptions): Promise<RealTemporal> {
  const { install, log } = options;
  const database = databaseVariables(options.postgres);
  const withTools = { PATH: `${install.bin}${path.delimiter}${process.env.PATH ?? ''}` };
  await runDeployScript(
    SCHEMA_JOB,
    [],
    { ...database, ...withTools, TEMPORAL_SCHEMA_DIR: install.schemaDir },
    log,
  );

  const server = spawn(
    install.server,
    ['--root', install.dir, '--config', 'config', '--env', 'docker', '--allow-no-auth', 'start'],
    {
      env: {
        ...process.env,
        ...database,
        ...(await internalPorts(options.frontendPort)),
        ...serverVariables(options.frontendPort, await freePort([options.frontendPort])),
        LOG_LEVEL: process.env.LOG_LEVEL === 'debug' ? 'info' : 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let tail = '';
  const collect = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`temporal-server: ${line}`);
  };
  server.stdout.on('data', collect);
  server.stderr.on('data', collect);
  const exited = new Promise<never>((_, reject) =>
    server.once('close', (code, signal) =>
      reject(new Error(`the Temporal server exited (${signal ?? code}) while starting:\n${tail.trim()}`)),
    ),
  );
  exited.catch(() => undefined); // raced below; after a good start its end is the caller's to watch

  const address = `127.0.0.1:${options.frontendPort}`;
  const cliOnPath = `${path.dirname(options.temporalCli)}${path.delimiter}${withTools.PATH}`;
  try {
    await Promise.race([
      runDeployScript(
        NAMESPACE_JOB,
        NAMESPACE_JOB_ARGS,
        { PATH: cliOnPath, ...namespaceJobVariables(address, options.namespace, options.retention ?? '72h') },
        log,
      ),
      exited,
    ]);
  } catch (err) {
    await stopProcess(server);
    throw err;
  }
  return { address, child: server, stop: () => stopProcess(server) };
}
