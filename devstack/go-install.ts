// Builds a Go tool (the Temporal CLI, promtool) with `go install`, showing progress, and moves it into place only when whole.
import { execFile, spawn } from 'node:child_process';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TEMPORAL_CLI_MODULE, TEMPORAL_CLI_VERSION } from './temporal-binary';

const HEARTBEAT_MS = 20_000;

/** A binary `go install <module>@<version>` builds, and what progress lines call it. */
export interface GoTool {
  label: string;
  module: string;
  version: string;
  /** The file go builds: the package path's last element. */
  binary: string;
  /** The name it gets in gobin, when not `binary`. */
  installAs?: string;
}

const TEMPORAL_CLI: GoTool = {
  label: 'the Temporal CLI',
  module: TEMPORAL_CLI_MODULE,
  version: TEMPORAL_CLI_VERSION,
  binary: 'temporal',
};

/** `go env <name>` (GOMODCACHE, say): where go keeps what it downloaded. */
export function goEnv(name: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('go', ['env', name], (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))),
  );
}

export function goInstallTemporal(gobin: string, progress: (message: string) => void): Promise<void> {
  return goInstall(TEMPORAL_CLI, gobin, progress);
}

export async function goInstall(
  tool: GoTool,
  gobin: string,
  progress: (message: string) => void,
): Promise<void> {
  const staging = `${gobin}.partial-${process.pid}`;
  await mkdir(staging, { recursive: true });
  const started = Date.now();
  const timer = setInterval(
    () => progress(`still building ${tool.label} (${Math.round((Date.now() - started) / 1000)} s)...`),
    HEARTBEAT_MS,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', `${tool.module}@${tool.version}`], {
        env: { ...process.env, GOBIN: staging },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let tail = '';
      let downloads = 0;
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        tail = (tail + chunk).slice(-2000);
        downloads += (chunk.match(/go: downloading/g) ?? []).length;
        if (downloads > 0 && downloads % 25 === 0) progress(`downloaded ${downloads} Go modules...`);
      });
      child.on('error', (err) =>
        reject(
          new Error(err.message.includes('ENOENT') ? '`go` is not installed or not on PATH' : err.message),
        ),
      );
      child.on('close', (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`go install exited with ${code}: ${tail.trim().split('\n').pop()}`)),
      );
    });
    await mkdir(gobin, { recursive: true });
    await rename(path.join(staging, tool.binary), path.join(gobin, tool.installAs ?? tool.binary));
    progress(`${tool.label} built in ${Math.round((Date.now() - started) / 1000)} s.`);
  } finally {
    clearInterval(timer);
    await rm(staging, { recursive: true, force: true });
  }
}
