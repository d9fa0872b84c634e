// Finds a Temporal CLI to run the dev server: env var, PATH, versioned cache, go install, SDK download.
import os from 'node:os';
import path from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** What createLocal runs: a binary on disk, or the SDK's own download as the last resort. */
export type TemporalExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

/** One route tried, and what it said; shown together when every route fails. */
export interface RouteAttempt {
  route: string;
  outcome: string;
}

/** The side effects resolution needs; tests pass fakes, the dev stack passes the real ones. */
export interface ResolveDeps {
  env: NodeJS.ProcessEnv;
  isExecutable(file: string): boolean;
  /** Builds the CLI into `gobin`; rejects with go's own words when it cannot. */
  goInstall(gobin: string): Promise<void>;
  progress(message: string): void;
}

export interface ResolvedTemporal {
  executable: TemporalExecutable;
  route: string;
  attempts: RouteAttempt[];
}

/** `~/.cache/sluice/temporal-v1.5.1/bin`, or under SLUICE_CACHE_DIR / XDG_CACHE_HOME when set. */
export function temporalCacheBin(env: NodeJS.ProcessEnv): string {
  return path.join(sluiceCacheDir(env), `temporal-${TEMPORAL_CLI_VERSION}`, 'bin');
}

/** Where Sluice keeps the tools it builds: SLUICE_CACHE_DIR, else `sluice` under XDG_CACHE_HOME or `~/.cache`. */
export function sluiceCacheDir(env: NodeJS.ProcessEnv): string {
  return (
    env.SLUICE_CACHE_DIR ||
    path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache'), 'sluice')
  );
}

function onPath(deps: ResolveDeps): string | undefined {
  return (deps.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'temporal'))
    .find((file) => deps.isExecutable(file));
}

export async function resolveTemporal(deps: ResolveDeps): Promise<ResolvedTemporal> {
  const attempts: RouteAttempt[] = [];
  const found = (file: string, route: string): ResolvedTemporal => ({
    executable: { type: 'existing-path', path: file },
    route,
    attempts,
  });

  const fromEnv = deps.env.SLUICE_TEMPORAL_BIN;
  if (fromEnv) {
    if (deps.isExecutable(fromEnv)) return found(fromEnv, 'SLUICE_TEMPORAL_BIN');
    throw new Error(
      `SLUICE_TEMPORAL_BIN=${fromEnv} is not an executable file; point it at a Temporal CLI binary or unset it`,
    );
  }
  attempts.push({ route: 'SLUICE_TEMPORAL_BIN', outcome: 'not set' });

  const pathHit = onPath(deps);
  if (pathHit) return found(pathHit, 'PATH');
  attempts.push({ route: '`temporal` on PATH', outcome: 'not found' });

  const cacheBin = temporalCacheBin(deps.env);
  const cached = path.join(cacheBin, 'temporal');
  if (deps.isExecutable(cached)) return found(cached, 'cache');
  attempts.push({ route: `cache ${cached}`, outcome: 'empty' });

  deps.progress(
    `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with \`go install\` into ${cacheBin}. ` +
      'This happens once per machine and takes a few minutes; later starts reuse it.',
  );
  try {
    await deps.goInstall(cacheBin);
    if (deps.isExecutable(cached)) return found(cached, 'go install');
    attempts.push({ route: 'go install', outcome: `finished but ${cached} is missing` });
  } catch (err) {
    attempts.push({ route: 'go install', outcome: (err as Error).message });
  }

  deps.progress('Falling back to the Temporal SDK download (needs internet access).');
  return { executable: { type: 'cached-download' }, route: 'SDK download', attempts };
}

/** The message shown when even the SDK download failed: every route and what it said. */
export function unobtainableMessage(attempts: RouteAttempt[], downloadError: string): string {
  const lines = [...attempts, { route: 'SDK download', outcome: downloadError }].map(
    (a) => `  - ${a.route}: ${a.outcome}`,
  );
  return [
    'cannot obtain the Temporal CLI. Routes tried:',
    ...lines,
    'Fix: install Go 1.25+ (Sluice builds the CLI once), put `temporal` on PATH,',
    'or set SLUICE_TEMPORAL_BIN=/path/to/temporal.',
  ].join('\n');
}
