// Runs `temporal server start-dev` as a child process and waits, with a generous limit, until it serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { TypedSearchAttributes, type DataConverter, type SearchAttributeType } from '@temporalio/common';

/** A custom search attribute the server must register: its name and type. */
interface SearchAttributeSpec {
  name: string;
  type: SearchAttributeType;
}

export interface DevServerProcessOptions {
  executable: string;
  args: readonly string[];
  address: string;
  namespace: string;
  searchAttributes: readonly SearchAttributeSpec[];
  /** How long the server may take to serve the namespace and its search attributes. */
  startTimeoutMs: number;
  /** The client's data converter (encryption). */
  dataConverter?: DataConverter;
}

/** What the rest of Sluice uses of a running dev server. */
export interface RunningTemporal {
  client: Client;
  nativeConnection: NativeConnection;
  teardown(): Promise<void>;
}

const OUTPUT_LINES_KEPT = 40;
const STOP_GRACE_MS = 10_000;

/** The `--search-attribute Name=Type` flags that register `keys`. */
export function searchAttributeArgs(keys: readonly SearchAttributeSpec[]): string[] {
  return keys.flatMap((key) => [
    '--search-attribute',
    `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`,
  ]);
}

export async function startDevServerProcess(options: DevServerProcessOptions): Promise<RunningTemporal> {
  const child = spawn(options.executable, [...options.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnvironment(process.env),
  });
  const output = keepLastLines(child);
  let ended: string | undefined;
  child.once('error', (err) => (ended = `could not run ${options.executable}: ${err.message}`));
  child.once('exit', (code, signal) => (ended ??= `exited with ${code ?? signal}`));
  let connection: Connection | undefined;
  try {
    connection = await serving(options, () => ended && `${ended}\n${output().join('\n')}`);
    const nativeConnection = await NativeConnection.connect({ address: options.address });
    const opened = connection;
    return {
      client: new Client({
        connection: opened,
        namespace: options.namespace,
        ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
      }),
      nativeConnection,
      teardown: async () => {
        try {
          await nativeConnection.close();
          await opened.close();
        } finally {
          await stopChild(child);
        }
      },
    };
  } catch (err) {
    await connection?.close().catch(() => undefined);
    await stopChild(child);
    throw err;
  }
}

/** What the server process needs of our environment: none of Sluice's secrets or Temporal client settings. */
export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept = ['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL'];
  return Object.fromEntries(kept.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
}

/** Polls until the namespace lists every search attribute; fails at once if the server has ended. */
async function serving(
  options: DevServerProcessOptions,
  ended: () => string | undefined,
): Promise<Connection> {
  const deadline = Date.now() + options.startTimeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    const why = ended();
    if (why) throw new Error(`the server ${why}`);
    const connection = await Connection.connect({ address: options.address, connectTimeout: 1000 }).catch(
      (err: Error) => {
        lastProblem = err.message;
        return undefined;
      },
    );
    if (connection) {
      const missing = await missingSearchAttributes(connection, options).catch((err: Error) => {
        lastProblem = err.message;
        return undefined;
      });
      if (missing?.length === 0) return connection;
      if (missing) lastProblem = `search attributes not registered yet: ${missing.join(', ')}`;
      await connection.close();
    }
    await sleep(200);
  }
  throw new Error(`not serving at ${options.address} after ${options.startTimeoutMs} ms (${lastProblem})`);
}

async function missingSearchAttributes(connection: Connection, options: DevServerProcessOptions) {
  const listed = await connection.operatorService.listSearchAttributes({ namespace: options.namespace });
  const known = new Set(Object.keys(listed.customAttributes ?? {}));
  return options.searchAttributes.map((key) => key.name).filter((name) => !known.has(name));
}

function keepLastLines(child: ChildProcess): () => string[] {
  const lines: string[] = [];
  // A Go panic's first line says why; its stack (often more than the lines kept) follows it.
  let cause: string | undefined;
  const keep = (chunk: Buffer) => {
    const added = chunk.toString('utf8').split('\n').filter(Boolean);
    cause ??= added.find((line) => /^(panic|fatal error|error)\b/i.test(line.trim()));
    lines.push(...added);
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES_KEPT));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => (cause !== undefined && !lines.includes(cause) ? [cause, '…', ...lines] : lines);
}

/** SIGTERM, then SIGKILL if the server has not exited within the grace period. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
}
