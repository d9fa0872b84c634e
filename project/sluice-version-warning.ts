// Warns when a project expects another Sluice than the one running (its installed copy, or a pinned version).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

type PackageJson = {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

const readPackage = (file: string): PackageJson | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
};

/** Folders from `dir` up to the file system's root. */
function* upward(dir: string): Generator<string> {
  for (let at = dir; ; at = path.dirname(at)) {
    yield at;
    if (path.dirname(at) === at) return;
  }
}

/** The package.json of the Sluice package this code belongs to (source or compiled, wherever it sits in it). */
export function runningSluicePackageFile(): string {
  for (const dir of upward(__dirname)) {
    const file = path.join(dir, 'package.json');
    const pkg = readPackage(file);
    if (pkg?.name === 'sluice' && pkg.version) return file;
  }
  throw new Error(`cannot find Sluice's own package.json above ${__dirname}`);
}

/** The version of the Sluice package this code belongs to. */
export const runningSluiceVersion = (): string => readPackage(runningSluicePackageFile())!.version!;

/**
 * What the project expects: the `sluice` package Node would resolve from its folder, else the version its
 * package.json pins. A range (`^0.1.0`, `file:…`) says nothing certain without an installed copy: no warning.
 */
function projectSluiceVersion(dir: string): { version: string; from: string } | undefined {
  for (const at of upward(dir)) {
    const file = path.join(at, 'node_modules', 'sluice', 'package.json');
    const version = existsSync(file) ? readPackage(file)?.version : undefined;
    if (version) return { version, from: file };
  }
  const manifest = path.join(dir, 'package.json');
  const pkg = readPackage(manifest);
  const pinned = pkg?.dependencies?.sluice ?? pkg?.devDependencies?.sluice;
  return pinned && /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(pinned) ? { version: pinned, from: manifest } : undefined;
}

/** A warning naming both versions when they differ; undefined when they agree or the project does not say. */
export function sluiceVersionWarning(dir: string, running = runningSluiceVersion()): string | undefined {
  const expected = projectSluiceVersion(dir);
  if (!expected || expected.version === running) return undefined;
  return (
    `this project uses Sluice ${expected.version} (${expected.from}) but Sluice ${running} is running; ` +
    "run the project's own with `npx sluice`, or install the same version in both places"
  );
}
