// useSluiceTest: startSluiceTest in node:test's before/after hooks, for a test file that runs pipelines.
import { after, before } from 'node:test';
import { startSluiceTest, type SluiceTest, type SluiceTestOptions } from './start-sluice-test';

/**
 * One Sluice test stack for the file, started before its first test and stopped after its last; the object
 * returned is filled in by the time the tests run. With vitest or mocha, call startSluiceTest in
 * beforeAll / before instead.
 */
export function useSluiceTest(options: SluiceTestOptions = {}): SluiceTest {
  const sluice = {} as SluiceTest;
  before(async () => {
    Object.assign(sluice, await startSluiceTest(options));
  });
  after(async () => {
    await sluice.stop?.();
  });
  return sluice;
}
