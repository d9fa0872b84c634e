// Lets `require` load a project's TypeScript through tsx, under the project's own tsconfig (paths, options).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/cjs/api';

/** tsx hooks are process-wide: one per tsconfig is enough. */
const registered = new Set<string>();

/** The nearest tsconfig.json from `dir` upward, as tsc would pick it for the project's files. */
function nearestTsconfig(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const file = path.join(at, 'tsconfig.json');
    if (existsSync(file)) return file;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * Registers tsx's CommonJS hook, not its namespaced `require` or `tsImport`: those load a second copy of
 * every module, so a project's `definePipeline` would not be the CLI's. Without a namespace the project and
 * the CLI share one module cache, hence one instance of Sluice. TSX_TSCONFIG_PATH, when set, still wins.
 */
export function registerTypeScript(projectDir: string): void {
  const tsconfig = process.env.TSX_TSCONFIG_PATH ? undefined : nearestTsconfig(projectDir);
  const key = tsconfig ?? process.env.TSX_TSCONFIG_PATH ?? '';
  if (registered.has(key)) return;
  const previous = process.env.TSX_TSCONFIG_PATH;
  if (tsconfig) process.env.TSX_TSCONFIG_PATH = tsconfig;
  try {
    register();
  } finally {
    if (previous === undefined) delete process.env.TSX_TSCONFIG_PATH;
    else process.env.TSX_TSCONFIG_PATH = previous;
  }
  registered.add(key);
}
