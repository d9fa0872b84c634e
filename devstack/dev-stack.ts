// One dev stack for `npm start` and the tests: Temporal dev server + PostgreSQL, stopped together.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startCodecServer, type RunningCodecServer } from '../runtime/codec/codec-server';
import { sluiceDataConverter } from '../runtime/codec/data-converter';
import { EncryptionCodec } from '../runtime/codec/encryption-codec';
import type { KeyRing } from '../runtime/codec/key-ring';
import { startPostgres, type PostgresHandle } from './embedded-postgres';
import { goInstallTemporal } from './go-install';
import { isExecutable } from './is-executable';
import { assertPortFree } from './port-check';
import { resolveTemporal } from './temporal-binary';
import { startTemporalServer } from './temporal-server';
import type { RunningTemporal } from './temporal-process';

export interface DevStackOptions {
  /** State directory: `postgres/` data, `temporal.sqlite` when persistent. */
  home: string;
  temporalPort: number;
  uiPort?: number;
  pgPort: number;
  databaseUrl?: string;
  /** Keep Temporal's history in `<home>/temporal.sqlite` across restarts. */
  persistent: boolean;
  namespace: string;
  /** Encrypt payloads: the stack's client encrypts, and with a UI a codec server lets the UI decode. */
  keyRing?: KeyRing;
  /** The codec server's port (with keyRing and uiPort); a free one when undefined. */
  codecPort?: number;
  progress(message: string): void;
}

export interface DevStack {
  temporal: RunningTemporal;
  temporalAddress: string;
  uiUrl?: string;
  /** The codec server the UI uses, when the stack encrypts and serves a UI. */
  codecUrl?: string;
  databaseUrl: string;
  /** Stops Temporal and PostgreSQL; safe to call more than once. */
  stop(): Promise<void>;
}

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const home = path.resolve(options.home);
  await mkdir(home, { recursive: true });
  const resolved = await resolveTemporal({
    env: process.env,
    isExecutable,
    goInstall: (gobin) => goInstallTemporal(gobin, options.progress),
    progress: options.progress,
  });
  const postgres: PostgresHandle = await startPostgres({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    dataDir: path.join(home, 'postgres'),
    port: options.pgPort,
    log: () => undefined,
  });
  let temporal: RunningTemporal;
  let codec: RunningCodecServer | undefined;
  try {
    codec = await startUiCodecServer(options);
    temporal = await startTemporalServer({
      resolved,
      port: options.temporalPort,
      ...(options.uiPort !== undefined ? { uiPort: options.uiPort } : {}),
      ...(options.persistent ? { dbFilename: path.join(home, 'temporal.sqlite') } : {}),
      namespace: options.namespace,
      dataConverter: sluiceDataConverter(options.keyRing),
      ...(codec ? { uiCodecEndpoint: codec.url } : {}),
    });
  } catch (err) {
    await codec?.close();
    await postgres.stop();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= temporal
      .teardown()
      .finally(() => codec?.close())
      .finally(() => postgres.stop()));
  return {
    temporal,
    temporalAddress: `127.0.0.1:${options.temporalPort}`,
    ...(options.uiPort !== undefined ? { uiUrl: `http://127.0.0.1:${options.uiPort}` } : {}),
    ...(codec ? { codecUrl: codec.url } : {}),
    databaseUrl: postgres.url,
    stop,
  };
}

/** The UI calls the codec server from the browser: local only, no token, CORS for the UI's origins. */
async function startUiCodecServer(options: DevStackOptions): Promise<RunningCodecServer | undefined> {
  if (!options.keyRing || options.uiPort === undefined) return undefined;
  if (options.codecPort) await assertPortFree(options.codecPort, 'SLUICE_CODEC_PORT', 'codec server');
  return startCodecServer({
    codec: new EncryptionCodec(options.keyRing),
    corsOrigins: [`http://127.0.0.1:${options.uiPort}`, `http://localhost:${options.uiPort}`],
    host: '127.0.0.1',
    port: options.codecPort ?? 0,
  });
}
