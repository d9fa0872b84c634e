// What the folder `sluice init` writes into holds already: entries in the way, and an npm install's package.json.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../exit-codes';

/** The dependencies (and npm 11's approved install scripts) of a package.json found in the folder, carried into
 * the scaffold's. */
export interface FoundDependencies {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
}

export interface TargetFolder {
  /** Entries that make the folder non-empty, sorted. */
  occupiedBy: string[];
  /** The folder's package.json dependencies, when it has a readable one. */
  found?: FoundDependencies;
}

/**
 * What leaves a folder as good as empty: `git init`, and `npm install <sluice tarball or git URL>` (its
 * node_modules, lock file, and a package.json that lists nothing but dependencies and, on npm 11, the install
 * scripts approved for them) — the usual first steps.
 */
const IGNORED_ENTRIES = new Set(['.git', 'node_modules', 'package-lock.json']);
const INSTALL_ONLY_KEYS = new Set(['dependencies', 'devDependencies', 'allowScripts']);

export async function inspectTargetFolder(root: string): Promise<TargetFolder> {
  const found = await stat(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!found) return { occupiedBy: [] };
  if (!found.isDirectory()) throw new UsageError(`${root} is a file; name a folder for the new project`);
  const manifest = await readManifest(path.join(root, 'package.json'));
  const installOnly = manifest !== undefined && Object.keys(manifest).every((k) => INSTALL_ONLY_KEYS.has(k));
  const occupiedBy = (await readdir(root))
    .filter((name) => !IGNORED_ENTRIES.has(name) && !(name === 'package.json' && installOnly))
    .sort();
  return {
    occupiedBy,
    ...(manifest
      ? {
          found: {
            dependencies: stringRecord(manifest.dependencies),
            devDependencies: stringRecord(manifest.devDependencies),
            allowScripts: booleanRecord(manifest.allowScripts),
          },
        }
      : {}),
  };
}

/** package.json as an object; undefined when absent or not a JSON object (then it is an ordinary file). */
async function readManifest(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The entries of `value` (a JSON object) whose values are of `type`; nothing else. */
const typedRecord =
  <T>(type: 'string' | 'boolean') =>
  (value: unknown): Record<string, T> => {
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(Object.entries(value).filter((entry) => typeof entry[1] === type)) as Record<
      string,
      T
    >;
  };
const stringRecord = typedRecord<string>('string');
const booleanRecord = typedRecord<boolean>('boolean');
