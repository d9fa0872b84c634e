// The scaffold's package.json: Sluice, the dev stack's packages, TypeScript, and the scripts a team runs.
import type { ScaffoldContext } from '../scaffold-context';

export function packageJson(context: ScaffoldContext): string {
  const json = {
    name: context.name,
    version: '0.1.0',
    private: true,
    description: 'Data pipelines on Sluice',
    engines: { node: context.node },
    scripts: {
      dev: 'sluice dev',
      test: 'node --import tsx --test tests/*.test.ts',
      typecheck: 'tsc --noEmit',
    },
    dependencies: sortedKeys(context.dependencies),
    devDependencies: sortedKeys(context.devDependencies),
    allowScripts: sortedKeys(context.allowScripts),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** npm writes dependencies in name order; so do we, so its first install changes nothing. */
function sortedKeys<V>(record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
