// The scaffold's pipelines/index.ts: the catalog, every pipeline the workers run, by name.

export const pipelinesIndex =
  (): string => `// The catalog: every pipeline this project's workers run and \`sluice pipelines\` shows.
import { customersCsv } from './customers-csv';

export default [customersCsv];
`;
