// Finds the project a command works on: --project, then SLUICE_PROJECT, then the config file from cwd upward.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from './config-files';
import { ProjectNotFoundError } from './project-not-found-error';

/** The config files in `dir`, in search order (more than one is a load problem, not a search one). */
export const configFilesIn = (dir: string): string[] =>
  CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));

/**
 * The project folder: `project` (the --project flag) when given, else SLUICE_PROJECT, else the first folder
 * from `cwd` upward holding a sluice.config file. Relative names resolve from `cwd`. Throws
 * ProjectNotFoundError naming where it looked.
 */
export function findProjectDir(options: { cwd: string; project?: string; env: NodeJS.ProcessEnv }): string {
  const named: [string, string | undefined][] = [
    ['--project', options.project],
    ['SLUICE_PROJECT', options.env.SLUICE_PROJECT],
  ];
  for (const [source, value] of named) {
    if (!value) continue;
    const dir = path.resolve(options.cwd, value);
    if (configFilesIn(dir).length === 0) throw new ProjectNotFoundError(source, [dir]);
    return dir;
  }
  const searched: string[] = [];
  for (let dir = path.resolve(options.cwd); ; dir = path.dirname(dir)) {
    searched.push(dir);
    if (configFilesIn(dir).length > 0) return dir;
    if (path.dirname(dir) === dir) throw new ProjectNotFoundError(undefined, searched);
  }
}
