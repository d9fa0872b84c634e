// Builds Go programs with `go install`, showing progress, and moves them into place only when whole.
import { spawn } from 'node:child_process';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMPORAL_CLI_MODULE, TEMPORAL_CLI_VERSION } from './temporal-binary';

const HEARTBEAT_MS = 20_000;

/** What one `go install` builds: packages of one module at one version, each installed under its own name. */
export interface GoBuild {
  /** For progress lines: "the Temporal CLI". */
  label: string;
  version: string;
  /** Package path → the file name it gets in `gobin` (go names it after the package's last element). */
  binaries: Record<string, string>;
}

export const TEMPORAL_CLI_BUILD: GoBuild = {
  label: 'the Temporal CLI',
  version: TEMPORAL_CLI_VERSION,
  binaries: { [TEMPORAL_CLI_MODULE]: 'temporal' },
};

/** Runs go itself; rejects with go's own last words. */
function runGo(args: string[], env: NodeJS.ProcessEnv, onStderr: (chunk: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let tail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-2000);
      onStderr(chunk);
    });
    child.on('error', (err) =>
      reject(
        new Error(err.message.includes('ENOENT') ? '`go` is not installed or not on PATH' : err.message),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout.trim())
        : reject(new Error(`go ${args[0]} exited with ${code}: ${tail.trim().split('\n').pop()}`)),
    );
  });
}

/** `go env NAME`: GOMODCACHE, say. */
export const goEnv = (name: string): Promise<string> => runGo(['env', name], process.env, () => undefined);

export async function goInstall(
  build: GoBuild,
  gobin: string,
  progress: (message: string) => void,
): Promise<void> {
  const staging = `${gobin}.partial-${process.pid}`;
  await mkdir(staging, { recursive: true });
  const started = Date.now();
  const timer = setInterval(
    () => progress(`still building ${build.label} (${Math.round((Date.now() - started) / 1000)} s)...`),
    HEARTBEAT_MS,
  );
  try {
    let downloads = 0;
    const packages = Object.keys(build.binaries);
    await runGo(
      ['install', ...packages.map((pkg) => `${pkg}@${build.version}`)],
      { ...process.env, GOBIN: staging },
      (chunk) => {
        downloads += (chunk.match(/go: downloading/g) ?? []).length;
        if (downloads > 0 && downloads % 25 === 0) progress(`downloaded ${downloads} Go modules...`);
      },
    );
    await mkdir(gobin, { recursive: true });
    for (const [pkg, name] of Object.entries(build.binaries))
      await rename(path.join(staging, path.basename(pkg)), path.join(gobin, name));
    progress(`${build.label} built in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    clearInterval(timer);
    await rm(staging, { recursive: true, force: true });
  }
}

export const goInstallTemporal = (gobin: string, progress: (message: string) => void): Promise<void> =>
  goInstall(TEMPORAL_CLI_BUILD, gobin, progress);
