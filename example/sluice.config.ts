// This repository's example project: five pipelines; `npm start` runs orders_csv once on the dev stack.
import { defineConfig } from 'sluice';

export default defineConfig({
  pipelines: './pipelines/index.ts',
  dev: { run: ['orders_csv'] },
});
