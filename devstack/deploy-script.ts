// Runs one of deploy/'s shell scripts (what docker-compose.yml's one-shot services run) on this machine.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const DEPLOY_DIR = path.resolve(__dirname, '..', 'deploy');

/** `sh deploy/<script> <args>` with `env` over this process's; each output line to `log`; rejects with its tail. */
export function runDeployScript(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [path.join(DEPLOY_DIR, script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const collect = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-3000);
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`${script}: ${line}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`deploy/${script} exited with ${code}:\n${tail.trim()}`)),
    );
  });
}
