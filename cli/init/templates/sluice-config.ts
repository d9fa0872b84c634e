// The scaffold's sluice.config.ts: where the pipelines are and what `sluice dev` runs.
import { EXAMPLE } from '../scaffold-context';

export const sluiceConfig =
  (): string => `// This project's Sluice configuration: every \`sluice\` command run in this folder reads it.
import { defineConfig } from 'sluice';

export default defineConfig({
  pipelines: './pipelines/index.ts',
  // What \`sluice dev\` runs once the dev stack is up.
  dev: { run: ['${EXAMPLE.pipeline}'] },
});
`;
