// sluice/testing: run a project's pipelines to completion on a throwaway stack and assert on what they loaded.
export {
  startSluiceTest,
  type RunOptions,
  type SluiceTest,
  type SluiceTestOptions,
} from './start-sluice-test';
export { useSluiceTest } from './use-sluice-test';
export { RunFailedError } from '../client/run-errors';
export type { RunSummary } from '../workflows/run-pipeline';
