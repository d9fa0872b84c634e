// What the templates of `sluice init` are filled with: the project's name and the versions it depends on.

export interface ScaffoldContext {
  /** The new project's npm package name (from its folder's name). */
  name: string;
  /** Sluice (a version, or a `file:` / tarball / git spec) and any dependency the folder had already. */
  dependencies: Record<string, string>;
  /** The dev stack's and the TypeScript toolchain's packages, at the exact versions Sluice is tested with. */
  devDependencies: Record<string, string>;
  /** Packages whose install scripts must run (npm's `allowScripts`). */
  allowScripts: Record<string, boolean>;
  /** The Node versions Sluice runs on (its `engines.node`). */
  node: string;
}

/** The scaffold's example: one pipeline, its table, and the customers in its CSV file. */
export const EXAMPLE = {
  pipeline: 'customers_csv',
  table: 'dim_customers',
  rows: 5,
} as const;
