// The scaffold's tsconfig.json: strict TypeScript for the config, the pipelines and the tests (tsx runs them).

export function tsconfigJson(): string {
  const json = {
    compilerOptions: {
      target: 'ES2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      lib: ['ES2022'],
      types: ['node'],
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      skipLibCheck: true,
      forceConsistentCasingInFileNames: true,
    },
    include: ['sluice.config.ts', 'pipelines', 'tests'],
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
