// Connection settings under Temporal's names: variables, a TOML profile, the old names as aliases, every problem named, no secret quoted.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { connectionConfigSchema } from '../../runtime/connection-config';
import { ConfigError, parseEnv } from '../../runtime/parse-env';
import { announceRenamed, renamedNote } from '../../runtime/renamed-variables';
import { defaultConfigFilePath } from '../../runtime/temporal-profile';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-connection-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  writeFileSync(full, text);
  return full;
};
const pem = (kind: string, body: string) => `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`;
const KEY_MATERIAL = 'c2VjcmV0LWtleS1tYXRlcmlhbA';
const API_KEY = 'tmprl-api-key-do-not-print';
const cert = file('client.pem', pem('CERTIFICATE', 'Y2xpZW50LWNlcnQ'));
const key = file('client.key', pem('PRIVATE KEY', KEY_MATERIAL));
const ca = file('ca.pem', pem('CERTIFICATE', 'Y2EtY2VydA'));

const connect = (env: NodeJS.ProcessEnv) => parseEnv(connectionConfigSchema, env).temporal;

/** The problems parseEnv reports for `env`; fails when it parses. */
function problems(env: NodeJS.ProcessEnv): { list: string[]; message: string } {
  try {
    parseEnv(connectionConfigSchema, env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return { list: err.problems, message: err.message };
  }
  assert.fail(`parsed: ${JSON.stringify(env)}`);
}

test('no settings: the local dev server, plain TCP, namespace default', () => {
  const temporal = connect({});
  assert.deepEqual(temporal.options, { address: 'localhost:7233', tls: false });
  assert.equal(temporal.namespace, 'default');
  assert.deepEqual(temporal.renamed, []);
});

test("Temporal's names: address, namespace, mTLS files, server CA and name, gRPC headers", () => {
  const temporal = connect({
    TEMPORAL_ADDRESS: 'temporal.internal:7233',
    TEMPORAL_NAMESPACE: 'data',
    TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: key,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
    TEMPORAL_TLS_SERVER_NAME: 'frontend.internal',
    TEMPORAL_GRPC_META_X_TEAM: 'data',
  });
  assert.equal(temporal.options.address, 'temporal.internal:7233');
  assert.equal(temporal.namespace, 'data');
  const tls = temporal.options.tls as TLSConfig;
  assert.equal(tls.serverNameOverride, 'frontend.internal');
  assert.equal(Buffer.from(tls.serverRootCACertificate ?? []).toString(), pem('CERTIFICATE', 'Y2EtY2VydA'));
  assert.equal(Buffer.from(tls.clientCertPair?.crt ?? []).toString(), pem('CERTIFICATE', 'Y2xpZW50LWNlcnQ'));
  assert.equal(Buffer.from(tls.clientCertPair?.key ?? []).toString(), pem('PRIVATE KEY', KEY_MATERIAL));
  assert.deepEqual(temporal.options.metadata, { 'x-team': 'data' });
});

test('an API key turns TLS on unless TEMPORAL_TLS=false, as in the Temporal CLI; TEMPORAL_TLS=true alone is TLS', () => {
  assert.deepEqual(connect({ TEMPORAL_API_KEY: API_KEY }).options, {
    address: 'localhost:7233',
    tls: true,
    apiKey: API_KEY,
  });
  assert.equal(connect({ TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS: 'false' }).options.tls, false);
  assert.ok(connect({ TEMPORAL_TLS: 'true' }).options.tls);
  assert.ok(connect({ TEMPORAL_TLS: '1' }).options.tls);
});

test('empty values count as unset (Compose passes `VAR:` through empty)', () => {
  assert.deepEqual(connect({ TEMPORAL_ADDRESS: '', TEMPORAL_TLS: '', TEMPORAL_TLS_CERT: '' }).options, {
    address: 'localhost:7233',
    tls: false,
  });
});

test('the old names still work, each reported as renamed, and mean the same', () => {
  const old = connect({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key, TEMPORAL_TLS_CA: ca });
  const current = connect({
    TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: key,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
  });
  assert.deepEqual(old.options, current.options);
  assert.deepEqual(old.renamed, ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA']);
  assert.deepEqual(current.renamed, []);
  const same = connect({ TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca });
  assert.deepEqual(same.renamed, ['TEMPORAL_TLS_CA'], 'both names with one value is no conflict');
});

test('each old name gets one deprecation line per process, naming the new name', () => {
  const lines: string[] = [];
  announceRenamed(['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY'], (line) => lines.push(line));
  announceRenamed(['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY'], (line) => lines.push(line));
  announceRenamed(['TEMPORAL_TLS_CA'], (line) => lines.push(line));
  assert.deepEqual(lines, [
    renamedNote('TEMPORAL_TLS_CERT'),
    renamedNote('TEMPORAL_TLS_KEY'),
    renamedNote('TEMPORAL_TLS_CA'),
  ]);
  assert.equal(
    lines[0],
    "sluice: TEMPORAL_TLS_CERT is deprecated; set TEMPORAL_TLS_CLIENT_CERT_PATH instead (Temporal's name for it)",
  );
  assert.ok(lines.every((line) => !line.includes('\n')));
});

test('an old and a new name set to different files: an error naming both', () => {
  const { list } = problems({
    TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
    TEMPORAL_TLS_KEY: key,
    TEMPORAL_TLS_CLIENT_KEY_PATH: cert,
  });
  assert.deepEqual(list, [
    `TEMPORAL_TLS_KEY=${JSON.stringify(key)}: is the old name of TEMPORAL_TLS_CLIENT_KEY_PATH, which is set to ${JSON.stringify(cert)}: keep only TEMPORAL_TLS_CLIENT_KEY_PATH`,
  ]);
});

test('every problem at once: bad values, unreadable files, half a key pair, TLS off with TLS files', () => {
  const { list } = problems({
    TEMPORAL_ADDRESS: 'no-port',
    TEMPORAL_TLS: 'yes',
    TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true',
    TEMPORAL_TLS_CERT: path.join(dir, 'missing.pem'),
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('not-pem.txt', 'hello'),
    SLUICE_TASK_QUEUE: '',
  });
  assert.deepEqual(list, [
    'SLUICE_TASK_QUEUE="": Too small: expected string to have >=1 characters',
    'TEMPORAL_TLS="yes": must be true or false',
    'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION="true": the TypeScript SDK always checks the server\'s name; set TEMPORAL_TLS_SERVER_NAME to the name in its certificate instead',
    'TEMPORAL_ADDRESS="no-port": must be host:port, e.g. localhost:7233',
    `TEMPORAL_TLS_CERT=${JSON.stringify(path.join(dir, 'missing.pem'))}: cannot read it (no such file)`,
    `TEMPORAL_TLS_SERVER_CA_CERT_PATH=${JSON.stringify(path.join(dir, 'not-pem.txt'))}: is not PEM (no "-----BEGIN" line)`,
    'TEMPORAL_TLS_CERT is set without TEMPORAL_TLS_CLIENT_KEY_PATH: mTLS needs the client key too; set both or neither',
  ]);
  assert.deepEqual(problems({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CLIENT_KEY_PATH: key }).list, [
    'TEMPORAL_TLS_CLIENT_KEY_PATH is set without TEMPORAL_TLS_CLIENT_CERT_PATH: mTLS needs the client certificate too; set both or neither',
    'TEMPORAL_TLS="false": turns TLS off, yet TEMPORAL_TLS_CLIENT_KEY_PATH is set: unset TEMPORAL_TLS or it',
  ]);
});

const profiles = file(
  'temporal.toml',
  `[profile.default]
address = "localhost:7233"

[profile.prod]
address = "prod.example.tmprl.cloud:7233"
namespace = "prod.example"
api_key = "${API_KEY}"

[profile.prod.tls]
server_name = "prod.example.tmprl.cloud"
server_ca_cert_path = "${ca}"

[profile.mtls.tls]
client_cert_path = "${cert}"
client_key_data = """
${pem('PRIVATE KEY', KEY_MATERIAL)}"""
`,
);

test('a TOML profile file chosen by TEMPORAL_CONFIG_FILE and TEMPORAL_PROFILE; variables override it', () => {
  const prod = connect({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'prod' });
  assert.equal(prod.options.address, 'prod.example.tmprl.cloud:7233');
  assert.equal(prod.namespace, 'prod.example');
  assert.equal(prod.options.apiKey, API_KEY);
  assert.equal((prod.options.tls as TLSConfig).serverNameOverride, 'prod.example.tmprl.cloud');
  assert.match(prod.settings, /\[profile\.prod\] in .*temporal\.toml/);
  const overridden = connect({
    TEMPORAL_CONFIG_FILE: profiles,
    TEMPORAL_PROFILE: 'prod',
    TEMPORAL_NAMESPACE: 'other',
  });
  assert.equal(overridden.namespace, 'other');
  assert.equal(connect({ TEMPORAL_CONFIG_FILE: profiles }).options.address, 'localhost:7233', 'default');
  const mtls = connect({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'mtls' }).options.tls as TLSConfig;
  assert.match(Buffer.from(mtls.clientCertPair?.key ?? []).toString(), new RegExp(KEY_MATERIAL));
});

test("the CLI's default file: $XDG_CONFIG_HOME or ~/.config, then temporalio/temporal.toml", () => {
  assert.equal(
    defaultConfigFilePath({ HOME: '/home/a' }, 'linux'),
    '/home/a/.config/temporalio/temporal.toml',
  );
  assert.equal(
    defaultConfigFilePath({ HOME: '/home/a', XDG_CONFIG_HOME: '/xdg' }, 'linux'),
    '/xdg/temporalio/temporal.toml',
  );
  assert.equal(
    defaultConfigFilePath({ HOME: '/Users/a' }, 'darwin'),
    '/Users/a/Library/Application Support/temporalio/temporal.toml',
  );
  assert.equal(defaultConfigFilePath({}, 'linux'), undefined);
  const xdg = mkdtempSync(path.join(os.tmpdir(), 'sluice-xdg-'));
  assert.equal(connect({ XDG_CONFIG_HOME: xdg }).namespace, 'default', 'no file there: the defaults');
  mkdirSync(path.join(xdg, 'temporalio'));
  writeFileSync(
    path.join(xdg, 'temporalio', 'temporal.toml'),
    '[profile.default]\nnamespace = "from-default-file"\n',
  );
  assert.equal(connect({ XDG_CONFIG_HOME: xdg }).namespace, 'from-default-file');
});

test('profile problems: a missing profile lists those there; a bad file or a bad value in it is named', () => {
  assert.deepEqual(problems({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'staging' }).list, [
    `TEMPORAL_PROFILE="staging": no [profile.staging] in ${profiles} (it has default, prod, mtls)`,
  ]);
  assert.deepEqual(problems({ TEMPORAL_CONFIG_FILE: path.join(dir, 'nope.toml') }).list, [
    `TEMPORAL_CONFIG_FILE=${JSON.stringify(path.join(dir, 'nope.toml'))}: cannot read it (no such file); point it at a TOML profile file or unset it`,
  ]);
  const bad = file(
    'bad.toml',
    '[profile.default]\naddress = "no-port"\n[profile.default.tls]\nclient_cert_path = "/gone.pem"\n',
  );
  assert.deepEqual(problems({ TEMPORAL_CONFIG_FILE: bad }).list, [
    `${bad} [profile.default] address="no-port": must be host:port, e.g. localhost:7233`,
    `${bad} [profile.default] tls.client_cert_path="/gone.pem": cannot read it (no such file)`,
    `${bad} [profile.default] tls.client_cert_path is set without ${bad} [profile.default] tls.client_key_path: mTLS needs the client key too; set both or neither`,
  ]);
});

test('secrets never appear in a message: the API key, key files, inline keys, a broken TOML line', () => {
  const broken = file('broken.toml', `[profile.default]\napi_key = "${API_KEY}\naddress = "x:1"\n`);
  const toml = problems({ TEMPORAL_CONFIG_FILE: broken });
  assert.deepEqual(toml.list, [
    `${broken}: not valid TOML at line 2, column ${`api_key = "${API_KEY}`.length + 1} (control characters are not allowed in strings)`,
  ]);
  const inline = problems({
    TEMPORAL_API_KEY: API_KEY,
    TEMPORAL_ADDRESS: 'bad',
    TEMPORAL_TLS_CLIENT_KEY_DATA: `not a pem ${KEY_MATERIAL}`,
    TEMPORAL_TLS_CLIENT_CERT_PATH: key,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: key,
  });
  assert.equal(inline.list.length, 2);
  assert.match(inline.message, /TEMPORAL_TLS_CLIENT_KEY_DATA=<redacted>: is not PEM/);
  const mtlsBad = problems({
    TEMPORAL_CONFIG_FILE: profiles,
    TEMPORAL_PROFILE: 'mtls',
    TEMPORAL_ADDRESS: 'bad',
  });
  for (const message of [toml.message, inline.message, mtlsBad.message]) {
    assert.ok(!message.includes(API_KEY), message);
    assert.ok(!message.includes(KEY_MATERIAL), message);
  }
});
