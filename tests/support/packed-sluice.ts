// Sluice as a user gets it: `npm pack` of this checkout, installed from the tarball into an empty folder outside it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ProcessResult } from './run-process';
import { ROOT } from './run-process';

export interface PackedSluice {
  /** The tarball `npm pack` wrote, and the paths inside it (without the `package/` prefix). */
  tarball: string;
  files: string[];
  /** The user's project folder the tarball is installed in. */
  project: string;
  /** Runs `command` in the project (npm, npx, node); never rejects, the exit code is in the result. An env value
   * of undefined unsets that variable. */
  run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<ProcessResult>;
  remove(): Promise<void>;
}

/** `npm install` flags that keep a test's installs to the local cache where it can. */
export const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'];

/** Packs once and installs with `npm install <tgz> ...installArgs`; the caller removes it. */
export async function packAndInstall(installArgs: string[] = []): Promise<PackedSluice> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'sluice-package-'));
  // Open as a folder a person makes (mkdtemp's is private): embedded PostgreSQL, as root, runs as another user.
  await chmod(work, 0o755);
  const run =
    (cwd: string) =>
    (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
      runIn(cwd, command, args, env);
  try {
    const packed = await run(ROOT)('npm', ['pack', '--json', '--pack-destination', work]);
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    if (!info) throw new Error(`npm pack printed no package:\n${packed.stdout}`);
    const project = path.join(work, 'project');
    await mkdir(project);
    // An empty folder but for the install scripts the team approves (where npm 11 records them).
    await writeFile(
      path.join(project, 'package.json'),
      `${JSON.stringify({ allowScripts: approvedScripts() }, null, 2)}\n`,
    );
    const tarball = path.join(work, info.filename);
    const installed = await run(project)('npm', ['install', ...INSTALL_FLAGS, ...installArgs, tarball]);
    if (installed.code !== 0) throw new Error(`npm install ${tarball} failed:\n${installed.stderr}`);
    return {
      tarball,
      files: info.files.map((file) => file.path),
      project,
      run: run(project),
      remove: () => rm(work, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}

/** What a team on npm 11 approves: the install scripts Sluice's own manifest approves, and Sluice's (its prepare
 * builds only when dist/ is missing, as in a git dependency's clone). */
function approvedScripts(): Record<string, boolean> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    allowScripts: Record<string, boolean>;
  };
  return { ...manifest.allowScripts, sluice: true };
}

/** The environment of a user's shell: none of the `npm_config_*` settings that `npm test` hands its children (this
 * repository's .npmrc among them), which would otherwise reach every npm the test starts. */
function userEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name));
  return { ...Object.fromEntries(inherited), ...env };
}

function runIn(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: userEnv(env), maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
