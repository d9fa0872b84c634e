// Refuses step ids that would write one staging table: ids alike in all the part a table name keeps.
import { stagingStepKey } from './staging-table-name';

/** One problem per id whose staging table name an earlier id already takes, naming both; ids are valid names. */
export function stagingClashProblems(ids: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  const problems: string[] = [];
  for (const id of ids) {
    const key = stagingStepKey(id);
    const earlier = byKey.get(key);
    if (earlier === undefined) byKey.set(key, id);
    else
      problems.push(
        `steps "${earlier}" and "${id}" would share a staging table: its name keeps only the first ${key.length} characters of a step id ("${key}"); make the ids differ within them`,
      );
  }
  return problems;
}
