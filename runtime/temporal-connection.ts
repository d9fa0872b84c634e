// The Temporal connection workers and clients share: Temporal's variables and TOML profile, checked before connecting.
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { toClientOptions, type ClientConfigTLS, type ConfigDataSource } from '@temporalio/envconfig';
import { z } from 'zod';
import { DEFAULT_NAMESPACE } from '../core/pipeline/defaults';
import { hostPort } from './host-port';
import { addProblems, type EnvProblem } from './parse-env';
import { applyRenamedVariables, RENAMED_VARIABLES, type RenamedVariable } from './renamed-variables';
import { fileErrorReason, loadProfile, type LoadedProfile } from './temporal-profile';

/** The TLS material a profile can name, each from a file (`_PATH`, `_path`) or inline (`_DATA`, `_data`). */
const TLS_MATERIAL = [
  { key: 'clientCert', variable: 'TEMPORAL_TLS_CLIENT_CERT', toml: 'tls.client_cert' },
  { key: 'clientKey', variable: 'TEMPORAL_TLS_CLIENT_KEY', toml: 'tls.client_key' },
  { key: 'serverCACert', variable: 'TEMPORAL_TLS_SERVER_CA_CERT', toml: 'tls.server_ca_cert' },
] as const;

/** Every variable the connection reads besides TEMPORAL_GRPC_META_* (gRPC headers): Temporal's names, then the old ones. */
export const TEMPORAL_VARIABLES: readonly string[] = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  ...TLS_MATERIAL.flatMap(({ variable }) => [`${variable}_PATH`, `${variable}_DATA`]),
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
  'TEMPORAL_PROFILE',
  'TEMPORAL_CONFIG_FILE',
  ...Object.keys(RENAMED_VARIABLES),
];

/** What both Connection.connect (client) and NativeConnection.connect (worker) take. */
export interface TemporalConnectOptions {
  address: string;
  tls: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export interface TemporalConnection {
  options: TemporalConnectOptions;
  namespace: string;
  /** Where the address came from, for "check …" in a message: `TEMPORAL_ADDRESS`, or that and the profile. */
  settings: string;
  /** Old variable names in use: each caller passes them to announceRenamed. */
  renamed: RenamedVariable[];
}

const DEFAULT_ADDRESS = 'localhost:7233';
const BOOLEANS = ['true', 'false', '1', '0'];
const isTrue = (value: string | undefined) => value === 'true' || value === '1';

/** Names each setting as the user gave it: the variable (under the name they used) or the profile file's key. */
function locator(
  env: Record<string, string>,
  givenAs: Partial<Record<string, string>>,
  loaded: LoadedProfile,
) {
  const fromVariable = (variable: string) => env[variable] !== undefined || !loaded.file;
  const name = (variable: string, toml: string) =>
    fromVariable(variable)
      ? (givenAs[variable] ?? variable)
      : `${loaded.file?.path} [profile.${loaded.name}] ${toml}`;
  const problem = (variable: string, toml: string, message: string, shown?: unknown): EnvProblem =>
    fromVariable(variable)
      ? { variable: givenAs[variable] ?? variable, message }
      : {
          message: `${name(variable, toml)}${shown === undefined ? '' : `=${JSON.stringify(shown)}`}: ${message}`,
        };
  return { name, problem };
}

type Locator = ReturnType<typeof locator>;

/** Resolves the connection as Temporal's CLI would, listing every problem; never quotes a key or a certificate. */
export function resolveTemporalConnection(input: NodeJS.ProcessEnv): {
  connection?: TemporalConnection;
  problems: EnvProblem[];
} {
  const { env, givenAs, used, problems } = applyRenamedVariables(input);
  for (const variable of ['TEMPORAL_TLS', 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION']) {
    const value = env[variable];
    if (value !== undefined && !BOOLEANS.includes(value))
      problems.push({ variable, message: 'must be true or false' });
  }
  if (isTrue(env.TEMPORAL_TLS_DISABLE_HOST_VERIFICATION))
    problems.push({
      variable: 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
      message:
        "the TypeScript SDK always checks the server's name; set TEMPORAL_TLS_SERVER_NAME to the name in its certificate instead",
    });
  const loaded = loadProfile(env, problems);
  const at = locator(env, givenAs, loaded);
  const { profile } = loaded;
  const address = profile.address ?? DEFAULT_ADDRESS;
  const addressCheck = hostPort.safeParse(address);
  if (!addressCheck.success)
    problems.push(
      at.problem('TEMPORAL_ADDRESS', 'address', addressCheck.error.issues[0]?.message ?? '', address),
    );
  const namespace = profile.namespace ?? DEFAULT_NAMESPACE;
  if (typeof namespace !== 'string' || namespace === '')
    problems.push(at.problem('TEMPORAL_NAMESPACE', 'namespace', 'must be a namespace name', namespace));
  if (profile.apiKey !== undefined && typeof profile.apiKey !== 'string')
    problems.push(at.problem('TEMPORAL_API_KEY', 'api_key', 'must be a string'));
  const tls = profile.tls && checkTls(profile.tls, env, at, problems);
  if (problems.length > 0) return { problems };
  const { connectionOptions } = toClientOptions({ ...profile, ...(tls ? { tls } : {}) });
  return {
    problems,
    connection: {
      options: {
        address,
        tls: connectionOptions.tls ?? false,
        ...(profile.apiKey ? { apiKey: profile.apiKey } : {}),
        ...(profile.grpcMeta ? { metadata: profile.grpcMeta } : {}),
      },
      namespace,
      settings: loaded.file
        ? `TEMPORAL_ADDRESS or [profile.${loaded.name}] in ${loaded.file.path}`
        : 'TEMPORAL_ADDRESS',
      renamed: used,
    },
  };
}

/** Reads every certificate and key now (a problem each), so that the connection gets their contents. */
function checkTls(
  tls: ClientConfigTLS,
  env: Record<string, string>,
  at: Locator,
  problems: EnvProblem[],
): ClientConfigTLS {
  const checked: ClientConfigTLS = { ...tls };
  for (const { key, variable, toml } of TLS_MATERIAL) {
    const source = tls[key];
    if (!source) continue;
    const [suffix, shown] = 'path' in source ? ['_PATH', source.path] : ['_DATA', undefined];
    const problem = (message: string) =>
      at.problem(`${variable}${suffix}`, `${toml}${suffix.toLowerCase()}`, message, shown);
    const data = readPem(source, problem, problems);
    if (data) checked[key] = { data };
    else delete checked[key];
  }
  const [cert, key] = TLS_MATERIAL.map((m) => at.name(`${m.variable}_PATH`, `${m.toml}_path`));
  if (tls.clientCert && !tls.clientKey)
    problems.push({
      message: `${cert} is set without ${key}: mTLS needs the client key too; set both or neither`,
    });
  if (tls.clientKey && !tls.clientCert)
    problems.push({
      message: `${key} is set without ${cert}: mTLS needs the client certificate too; set both or neither`,
    });
  if (env.TEMPORAL_TLS === 'false' || env.TEMPORAL_TLS === '0') {
    const set = TEMPORAL_VARIABLES.filter(
      (v) =>
        v.startsWith('TEMPORAL_TLS_') &&
        v !== 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION' &&
        env[v] !== undefined,
    ).map((v) => at.name(v, v));
    if (set.length > 0)
      problems.push({
        variable: 'TEMPORAL_TLS',
        message: `turns TLS off, yet ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set: unset TEMPORAL_TLS or ${set.length === 1 ? 'it' : 'them'}`,
      });
  }
  return checked;
}

/** The PEM bytes of a file or an inline value; problems say what is wrong without quoting the contents. */
function readPem(
  source: ConfigDataSource,
  problem: (message: string) => EnvProblem,
  problems: EnvProblem[],
): Uint8Array | undefined {
  let data: Uint8Array;
  if ('path' in source) {
    try {
      data = readFileSync(source.path);
    } catch (err) {
      problems.push(problem(`cannot read it (${fileErrorReason(err)})`));
      return undefined;
    }
  } else data = typeof source.data === 'string' ? Buffer.from(source.data) : source.data;
  if (!Buffer.from(data).toString('latin1').includes('-----BEGIN ')) {
    problems.push(problem('is not PEM (no "-----BEGIN" line)'));
    return undefined;
  }
  return data;
}

/** The connection as a zod schema over the whole environment, to intersect with a process's own fields. */
export const temporalConnectionSchema = z.looseObject({}).transform((env, ctx) => {
  const { connection, problems } = resolveTemporalConnection(env as NodeJS.ProcessEnv);
  addProblems(ctx, problems);
  return connection ? { temporal: connection } : z.NEVER;
});
