// Runs a command as a child process and collects what it printed and how it ended.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const ROOT = path.resolve(__dirname, '../..');

/** A running child: what it printed so far, a way to wait for a line, and its end. */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<ProcessResult>;
}

export interface ProcessOptions {
  timeoutMs?: number;
  /** Default: the repository root. */
  cwd?: string;
  /** Default `--import tsx`; `[]` runs `node <args>` as a user's shell would (bin/sluice.js loads tsx itself). */
  nodeArgs?: string[];
}

/** Starts `node --import tsx <args>` in the repository root; it is killed after `timeoutMs`. */
export function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: ProcessOptions = {},
): RunningProcess {
  const { nodeArgs = ['--import', 'tsx'], ...rest } = options;
  return startCommand(process.execPath, [...nodeArgs, ...args], env, rest);
}

/**
 * Starts any command (`npm`, `npx`, ...) with `env` over this process's environment (a variable set to
 * undefined is removed). With `group`, it leads a process group that the timeout kills whole: npm's
 * children would otherwise outlive it and hold its output open.
 */
export function startCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: Omit<ProcessOptions, 'nodeArgs'> & { group?: boolean } = {},
): RunningProcess {
  const { timeoutMs = 120_000, cwd = ROOT, group = false } = options;
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: group });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => {
    if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  }, timeoutMs);
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  const waitFor = async (pattern: RegExp, waitMs = 60_000) => {
    const deadline = Date.now() + waitMs;
    while (!pattern.test(stdout)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`never printed ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, output: () => stdout, waitFor, done };
}

export function runProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: ProcessOptions = {},
): Promise<ProcessResult> {
  return startProcess(args, env, options).done;
}

/** Command lines of live processes that mention `needle` (a test's private directory, say). */
export function processesMentioning(needle: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmdline.includes(needle) ? [`${pid}: ${cmdline}`] : [];
      } catch {
        return [];
      }
    });
}
