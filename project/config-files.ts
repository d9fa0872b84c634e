// The names a project's config file may have, in the order a folder is searched for them.

export const CONFIG_FILE_NAMES = [
  'sluice.config.ts',
  'sluice.config.mts',
  'sluice.config.js',
  'sluice.config.mjs',
  'sluice.config.cjs',
] as const;
