// The Temporal server and its SQL tool, built once per machine with `go install` into a versioned cache, with the
// schema files and config template from the same module beside them.
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { goEnv, goInstall, type GoTool } from './go-install';
import { isExecutable } from './is-executable';
import { sluiceCacheDir } from './temporal-binary';

/** The server docker-compose.yml runs (temporalio/server); a unit test keeps the two equal. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';

/** Installed under admin-tools' names, so deploy/temporal/setup-schema.sh runs unchanged. */
const SERVER_TOOLS: readonly GoTool[] = [
  {
    label: `the Temporal server ${TEMPORAL_SERVER_VERSION}`,
    module: `${MODULE}/cmd/server`,
    version: TEMPORAL_SERVER_VERSION,
    binary: 'server',
    installAs: 'temporal-server',
  },
  {
    label: 'its SQL tool',
    module: `${MODULE}/cmd/tools/sql`,
    version: TEMPORAL_SERVER_VERSION,
    binary: 'sql',
    installAs: 'temporal-sql-tool',
  },
];

/** What is in the cache: bin/ with both programs, the PostgreSQL schemas, and the image's config template. */
export interface TemporalServerInstall {
  dir: string;
  bin: string;
  server: string;
  sqlTool: string;
  /** `…/schema/postgresql/v12`, holding temporal/ and visibility/. */
  schemaDir: string;
  /** Holds docker.yaml: the template temporalio/server renders from the variables docker-compose.yml sets. */
  configDir: string;
}

/** `~/.cache/sluice/temporal-server-v1.29.1`. */
export function temporalServerInstall(env: NodeJS.ProcessEnv): TemporalServerInstall {
  const dir = path.join(sluiceCacheDir(env), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const bin = path.join(dir, 'bin');
  return {
    dir,
    bin,
    server: path.join(bin, 'temporal-server'),
    sqlTool: path.join(bin, 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
    configDir: path.join(dir, 'config'),
  };
}

const isComplete = (install: TemporalServerInstall) =>
  isExecutable(install.server) &&
  isExecutable(install.sqlTool) &&
  existsSync(path.join(install.configDir, 'docker.yaml')) &&
  existsSync(path.join(install.schemaDir, 'temporal', 'versioned'));

/** Copies from the read-only module cache, leaving the copy writable (so a later rm works without root). */
async function copyWritable(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  await chmodTree(to);
}

async function chmodTree(target: string): Promise<void> {
  const info = await stat(target);
  await chmod(target, info.mode | 0o200);
  if (info.isDirectory())
    for (const entry of await readdir(target)) await chmodTree(path.join(target, entry));
}

/** The cached install, building it first when absent; the directory appears only when whole. */
export async function ensureTemporalServer(
  env: NodeJS.ProcessEnv,
  progress: (message: string) => void,
): Promise<TemporalServerInstall> {
  const install = temporalServerInstall(env);
  if (isComplete(install)) return install;
  progress(
    `Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with \`go install\` into ${install.dir}. ` +
      'This happens once per machine and takes a few minutes; later starts reuse it.',
  );
  const stagingRoot = `${install.dir}.partial-${process.pid}`;
  const staging = temporalServerInstall({ SLUICE_CACHE_DIR: stagingRoot });
  try {
    for (const tool of SERVER_TOOLS) await goInstall(tool, staging.bin, progress);
    const source = path.join(await goEnv('GOMODCACHE'), `${MODULE}@${TEMPORAL_SERVER_VERSION}`);
    await copyWritable(path.join(source, 'schema', 'postgresql', 'v12'), staging.schemaDir);
    await mkdir(staging.configDir, { recursive: true });
    await copyWritable(
      path.join(source, 'config', 'docker.yaml'),
      path.join(staging.configDir, 'docker.yaml'),
    );
    await rm(install.dir, { recursive: true, force: true });
    await rename(staging.dir, install.dir);
  } catch (err) {
    throw new Error(
      [
        `cannot obtain the Temporal server ${TEMPORAL_SERVER_VERSION}. Routes tried:`,
        `  - cache ${install.dir}: empty or incomplete`,
        `  - go install: ${(err as Error).message}`,
        'Fix: install Go 1.25+ with access to the Go module proxy (or a GOPROXY that has go.temporal.io/server),',
        'or run the server from docker-compose.yml.',
      ].join('\n'),
    );
  } finally {
    await rm(stagingRoot, { recursive: true, force: true });
  }
  return install;
}
