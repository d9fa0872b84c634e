// docker-compose.yml checked without Docker: services, the worker's environment, codec server, dynamic config, search attributes, required passwords and least-privilege logins.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SearchAttributeType } from '@temporalio/common';
import { parse } from 'yaml';
import { codecServerConfigSchema } from '../../runtime/codec/codec-server-config';
import { sluiceSearchAttributes } from '../../core/run/search-attributes';
import {
  COMPOSE_DYNAMIC_CONFIG,
  NAMESPACE_JOB,
  NAMESPACE_JOB_ARGS,
  SCHEMA_JOB,
  databaseVariables,
  namespaceJobVariables,
  serverVariables,
} from '../../devstack/real-temporal-server';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../../devstack/temporal-server';
import { TEMPORAL_SERVER_VERSION } from '../../devstack/temporal-server-install';
import { parseEnv } from '../../runtime/parse-env';
import { RENAMED_VARIABLES } from '../../runtime/renamed-variables';
import { WORKER_VARIABLES, workerConfigSchema } from '../../workers/config';
import { ROOT } from '../support/run-process';

interface Service {
  image?: string;
  profiles?: string[];
  build?: unknown;
  environment?: Record<string, string | null>;
  volumes?: string[];
  command?: string[];
  entrypoint?: string[];
  ports?: string[];
}

/** Compose files use YAML merge keys (`<<: *anchor`). */
const readYaml = (file: string): unknown =>
  parse(readFileSync(path.join(ROOT, file), 'utf8'), { merge: true });

const compose = readYaml('docker-compose.yml') as { services: Record<string, Service> };

function service(name: string): Service {
  const found = compose.services[name];
  assert.ok(found, `docker-compose.yml has no service ${name}`);
  return found;
}

/**
 * What Compose makes of `${VAR:-default}`, `${VAR-default}`, `${VAR}` and `$$` when VAR is unset; a required
 * `${VAR:?message}` (which Compose refuses to start without) as if the operator had set it to `set-VAR`.
 */
function withComposeDefaults(value: string): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?::?-([^}]*)|:?\?[^}]*)?\}/g,
    (match, name: string, fallback: string | undefined) =>
      match === '$$' ? '$' : match.includes('?') ? `set-${name}` : (fallback ?? ''),
  );
}

const composeText = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const readText = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Variables the worker reads that are Node's, not Sluice's (README "Running workers"). */
const NODE_VARIABLES = ['NODE_OPTIONS'];

test('the stack has its services, each image pinned to a tag', () => {
  const expected = ['postgresql', 'temporal-schema', 'temporal', 'temporal-setup', 'temporal-ui', 'worker'];
  for (const name of [...expected, 'prometheus']) service(name);
  for (const [name, { image }] of Object.entries(compose.services)) {
    if (image === undefined) continue;
    assert.match(image, /^[\w./-]+:[\w.-]+$/, `${name}: pin an explicit tag`);
    assert.doesNotMatch(image, /:latest$/, `${name}: pin a version, not latest`);
  }
  assert.ok(service('worker').build, 'the worker is built from the Dockerfile');
});

test('the image builds Sluice and runs the compiled worker on the Node 24 that .ci/run tests on', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const version = /^NODE_24=(\d+\.\d+\.\d+)$/m.exec(readFileSync(path.join(ROOT, '.ci/run'), 'utf8'))?.[1];
  assert.ok(version, '.ci/run pins NODE_24 to an exact version');
  const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
  assert.deepEqual([...new Set(bases)], [`node:${version}-bookworm-slim`], 'every stage on that Node');
  const [build = '', final = ''] = dockerfile.split(/^FROM .*$/m).slice(1);
  assert.match(build, /^RUN npm run build$/m);
  assert.match(final, /^COPY --from=build \/app\/dist \.\/dist$/m);
  assert.doesNotMatch(final, /^COPY \. /m, 'no sources in the image: bin/sluice.js then runs dist/');
  assert.match(
    final,
    /^RUN npm install --omit=dev /m,
    'no devDependencies: no compiler, no dev-stack packages',
  );
  const [node, entry] = JSON.parse(/^CMD (.+)$/m.exec(final)?.[1] ?? '[]') as string[];
  assert.equal(node, 'node');
  assert.equal(entry, 'bin/sluice.js');
});

test("every worker variable is one the worker's config schema knows, under Temporal's names", () => {
  const known = [...WORKER_VARIABLES, ...NODE_VARIABLES];
  for (const name of Object.keys(service('worker').environment ?? {})) {
    assert.ok(known.includes(name), `worker sets ${name}, which workers/config.ts does not read`);
    assert.ok(!(name in RENAMED_VARIABLES), `worker sets ${name}: use Temporal's name for it`);
  }
});

test("the worker's environment, with Compose's defaults, parses with the worker's config schema", () => {
  const env = Object.fromEntries(
    Object.entries(service('worker').environment ?? {}).flatMap(([name, value]) =>
      value === null ? [] : [[name, withComposeDefaults(value)]],
    ),
  );
  const config = parseEnv(workerConfigSchema, env);
  assert.equal(new URL(config.DATABASE_URL).hostname, 'postgresql');
  assert.equal(config.temporal.options.address, 'temporal:7233');
  assert.equal(config.temporal.options.tls, false, 'plain TCP to the local server');
  assert.ok(config.SLUICE_METRICS_ADDRESS, 'the worker serves metrics for Prometheus');
});

test('the worker runs `sluice worker` for a project the image holds (the Dockerfile copies the repo to /app)', () => {
  const args = service('worker').command ?? [];
  assert.deepEqual(args.slice(0, 3), ['node', 'bin/sluice.js', 'worker']);
  const project = args[args.indexOf('--project') + 1] ?? '';
  assert.match(project, /^\/app\//);
  const inRepo = path.join(ROOT, path.relative('/app', project));
  assert.ok(existsSync(path.join(inRepo, 'sluice.config.ts')), `${project} holds no sluice.config.ts`);
  assert.match(
    readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'),
    new RegExp(`CMD \\[${args.map((a) => `"${a}"`).join(', ')}\\]`),
  );
});

test('the optional codec server answers the Web UI, on the port it publishes, with the variables it reads', () => {
  const codec = service('codec-server');
  const args = (codec.command ?? []).map(withComposeDefaults);
  const values = (flag: string) => args.filter((_, index) => args[index - 1] === flag);
  const published = (name: string) => withComposeDefaults(service(name).ports?.[0] ?? '').split(':');
  const [, uiPort] = published('temporal-ui');
  assert.deepEqual(values('--cors-origin'), [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`]);
  const [, hostPort, containerPort] = published('codec-server');
  assert.deepEqual(
    [hostPort, containerPort],
    [values('--port')[0], values('--port')[0]],
    'Host names its port',
  );
  const known = Object.keys(codecServerConfigSchema.shape);
  for (const name of Object.keys(codec.environment ?? {}))
    assert.ok(known.includes(name), `codec-server sets ${name}, which it does not read`);
  assert.ok(
    'TEMPORAL_CODEC_ENDPOINT' in (service('temporal-ui').environment ?? {}),
    'the UI can be pointed at it',
  );
});

test('Prometheus scrapes every worker replica on the port the worker serves metrics on', () => {
  const metricsAddress = withComposeDefaults(service('worker').environment?.SLUICE_METRICS_ADDRESS ?? '');
  const prometheus = readYaml('deploy/prometheus/prometheus.yml') as {
    scrape_configs: { dns_sd_configs?: { names: string[]; port: number }[] }[];
  };
  const discovery = prometheus.scrape_configs.flatMap((job) => job.dns_sd_configs ?? []);
  assert.ok(
    discovery.some((sd) => sd.names.includes('worker') && `0.0.0.0:${sd.port}` === metricsAddress),
    `no dns_sd_configs job finds service worker on ${metricsAddress}`,
  );
});

/** Where the service mounts `source` (a path in the repository), or undefined. */
function mountTarget(name: string, source: string): string | undefined {
  const mount = (service(name).volumes ?? []).find((v) => v.split(':')[0] === source);
  return mount?.split(':')[1];
}

test('Prometheus loads the alert rules from the file it mounts beside its config', () => {
  const prometheus = readYaml('deploy/prometheus/prometheus.yml') as { rule_files?: string[] };
  const configDir = path.posix.dirname(mountTarget('prometheus', './deploy/prometheus/prometheus.yml') ?? '');
  assert.deepEqual(
    (prometheus.rule_files ?? []).map((file) => path.posix.resolve(configDir, file)),
    [mountTarget('prometheus', './deploy/prometheus/alerts.yml')],
  );
});

test('Grafana, in the observability profile, shows the Sluice dashboard from its provisioned Prometheus', () => {
  const grafana = service('grafana');
  assert.deepEqual(grafana.profiles, ['observability']);
  const datasources = readYaml('deploy/grafana/provisioning/datasources/prometheus.yml') as {
    datasources: { uid: string; type: string; url: string }[];
  };
  const [datasource] = datasources.datasources;
  assert.equal(datasource?.type, 'prometheus');
  const [, containerPort] = withComposeDefaults(service('prometheus').ports?.[0] ?? '')
    .split(':')
    .slice(1);
  assert.equal(
    datasource.url,
    `http://prometheus:${containerPort}`,
    'the prometheus service, on its own port',
  );
  assert.ok(
    mountTarget('grafana', './deploy/grafana/provisioning/datasources')?.startsWith(
      '/etc/grafana/provisioning/',
    ),
  );

  const providers = readYaml('deploy/grafana/provisioning/dashboards/sluice.yml') as {
    providers: { options: { path: string } }[];
  };
  assert.ok(
    mountTarget('grafana', './deploy/grafana/provisioning/dashboards')?.startsWith(
      '/etc/grafana/provisioning/',
    ),
  );
  assert.equal(providers.providers[0]?.options.path, mountTarget('grafana', './deploy/grafana/dashboards'));

  const dashboard = JSON.parse(
    readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/sluice.json'), 'utf8'),
  ) as {
    panels: {
      title: string;
      datasource: { uid: string };
      targets: { expr: string; datasource: { uid: string } }[];
    }[];
  };
  const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join('\n');
  for (const topic of ['runs', 'rows', 'duration', 'failed', 'quarantine', 'newest data'])
    assert.ok(titles.includes(topic), `no panel about ${topic}:\n${titles}`);
  for (const panel of dashboard.panels)
    for (const uid of [panel.datasource.uid, ...panel.targets.map((target) => target.datasource.uid)])
      assert.equal(uid, datasource.uid, `${panel.title}: the provisioned datasource`);
});

test("the Temporal server's dynamic config carries every dev-server setting with the same value", () => {
  const dynamicConfig = readYaml('deploy/temporal/dynamic-config.yaml') as Record<string, unknown>;
  for (const setting of DEV_SERVER_DYNAMIC_CONFIG) {
    const [key = '', value = ''] = setting.split('=');
    assert.deepEqual(dynamicConfig[key], [{ value: parse(value) as unknown }], `dynamic config ${key}`);
  }
  const mount = (service('temporal').volumes ?? []).find((v) =>
    v.startsWith('./deploy/temporal/dynamic-config.yaml:'),
  );
  assert.ok(mount, 'the temporal service mounts deploy/temporal/dynamic-config.yaml');
  const configPath = service('temporal').environment?.DYNAMIC_CONFIG_FILE_PATH ?? '';
  assert.ok(mount.split(':')[1]?.endsWith(configPath), `${configPath} is the mounted file`);
});

test("the search attributes registered are exactly Sluice's, all Keyword", () => {
  assert.deepEqual(
    service('temporal-setup').command,
    sluiceSearchAttributes.map((key) => key.name),
  );
  for (const key of sluiceSearchAttributes) assert.equal(key.type, SearchAttributeType.KEYWORD, key.name);
});

test('every file the stack mounts is in the repository', () => {
  for (const [name, { volumes = [] }] of Object.entries(compose.services))
    for (const source of volumes.filter((v) => v.startsWith('./')).map((v) => v.split(':')[0] ?? ''))
      assert.ok(existsSync(path.join(ROOT, source)), `${name} mounts ${source}, which does not exist`);
});

test('every password is required with ${VAR:?message}: no default password anywhere in the file', () => {
  const references = [...composeText.matchAll(/\$\{(\w*(?:PASSWORD|PWD)\w*)([^}]*)\}/g)];
  const required = new Set(
    references.filter(([, , rest]) => /^:\?.+/.test(rest ?? '')).map(([, name]) => name),
  );
  assert.deepEqual([...required].sort(), ['POSTGRES_PASSWORD', 'TEMPORAL_DB_PASSWORD', 'WAREHOUSE_PASSWORD']);
  for (const [match, name, rest] of references)
    assert.ok(
      /^:\?.+/.test(rest ?? '') || (name === 'WAREHOUSE_READER_PASSWORD' && rest === ':-'),
      `${match}: a password must be \${${name}:?message} (only the optional reader's may be empty)`,
    );
  for (const [name, { environment = {} }] of Object.entries(compose.services))
    for (const [variable, value] of Object.entries(environment))
      if (/PASSWORD|PWD/.test(variable) && value !== null)
        assert.match(
          value,
          /^\$\{\w+:[?-]/,
          `${name} sets ${variable} to a literal: take it from the environment`,
        );
});

test('Temporal logs in as its own role, which an init script creates without superuser or CREATEDB', () => {
  const superuser = service('postgresql').environment?.POSTGRES_USER;
  for (const name of ['temporal-schema', 'temporal']) {
    const environment = service(name).environment ?? {};
    assert.equal(
      environment.POSTGRES_USER,
      '${TEMPORAL_DB_USER:-temporal}',
      `${name} logs in as Temporal's role`,
    );
    assert.notEqual(environment.POSTGRES_USER, superuser, `${name} does not log in as the superuser`);
    assert.match(environment.POSTGRES_PWD ?? '', /^\$\{TEMPORAL_DB_PASSWORD:\?/);
  }
  const postgres = service('postgresql');
  assert.equal(postgres.environment?.TEMPORAL_DB_USER, '${TEMPORAL_DB_USER:-temporal}');
  assert.ok(
    postgres.volumes?.includes(
      './deploy/postgres/create-temporal.sh:/docker-entrypoint-initdb.d/create-temporal.sh:ro',
    ),
    'the postgresql service runs create-temporal.sh on its first start',
  );
  const script = readText('deploy/postgres/create-temporal.sh');
  const createRole =
    /^CREATE ROLE :"temporal_role" LOGIN PASSWORD :'password' (.*);$/m.exec(script)?.[1] ?? '';
  for (const attribute of ['NOSUPERUSER', 'NOCREATEDB', 'NOCREATEROLE', 'NOREPLICATION', 'NOBYPASSRLS'])
    assert.ok(createRole.split(' ').includes(attribute), `the temporal role is created ${attribute}`);
  for (const database of ['temporal', 'temporal_visibility'])
    assert.match(script, new RegExp(`^CREATE DATABASE ${database} OWNER :"temporal_role";$`, 'm'));
  assert.match(script, /^\\getenv password TEMPORAL_DB_PASSWORD$/m, 'the password by environment');
  assert.doesNotMatch(
    readText('deploy/temporal/setup-schema.sh'),
    /sql_tool --db "\$database" create\b/,
    'the schema job does not create databases: the role may not, and the init script did',
  );
});

test("roles.sql's default target schema is Sluice's own, sluice_target; compose passes the project's", () => {
  const roles = readText('deploy/postgres/roles.sql');
  assert.deepEqual(
    [...roles.matchAll(/^\\set target_schema (\S+)$/gm)].map((match) => match[1]),
    ['sluice_target'],
  );
  assert.match(readText('deploy/postgres/create-warehouse.sh'), /-v target_schema="\$WAREHOUSE_SCHEMA"/);
  assert.equal(
    withComposeDefaults(service('postgresql').environment?.WAREHOUSE_SCHEMA ?? ''),
    'public',
    "the example project's tables are in public (its sluice.config.ts names no schema)",
  );
});

test('the compose images run the Temporal server version that the real-server route builds (tests/e2e/real-server.test.ts)', () => {
  const version = TEMPORAL_SERVER_VERSION.replace(/^v/, '');
  assert.equal(service('temporal').image, `temporalio/server:${version}`);
  for (const name of ['temporal-schema', 'temporal-setup'])
    assert.ok(
      service(name).image?.startsWith(`temporalio/admin-tools:${version}-`),
      `${name}: admin-tools ${version}`,
    );
});

test("the real-server route runs the compose jobs' own scripts, arguments and variables, and its dynamic config", () => {
  const runs = (name: string, script: string) => {
    const inContainer = (service(name).volumes ?? [])
      .find((v) => v.startsWith(`./deploy/${script}:`))
      ?.split(':')[1];
    assert.ok(inContainer, `${name} mounts deploy/${script}`);
    assert.deepEqual(service(name).entrypoint, ['/bin/sh', inContainer], `${name} runs deploy/${script}`);
  };
  runs('temporal-schema', SCHEMA_JOB);
  runs('temporal-setup', NAMESPACE_JOB);
  assert.deepEqual(service('temporal-setup').command, NAMESPACE_JOB_ARGS);

  const database = databaseVariables({ host: 'h', port: 1, user: 'u', password: 'p' });
  const sets = (name: string, variables: Record<string, string>) => {
    for (const variable of Object.keys(service(name).environment ?? {}))
      assert.ok(variable in variables, `${name} sets ${variable}; the real-server route does not`);
  };
  sets('temporal-schema', database);
  sets('temporal', { ...database, ...serverVariables(1, 2) });
  sets('temporal-setup', namespaceJobVariables('a', 'n', 'r'));
  assert.equal(database.DB, service('temporal').environment?.DB);

  const mount = (service('temporal').volumes ?? []).find((v) => v.includes('dynamic-config.yaml'));
  assert.equal(path.join(ROOT, mount?.split(':')[0] ?? ''), COMPOSE_DYNAMIC_CONFIG);
  assert.equal(serverVariables(1, 2).DYNAMIC_CONFIG_FILE_PATH, COMPOSE_DYNAMIC_CONFIG);
});
