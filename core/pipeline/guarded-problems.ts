// Runs one part's checks so that a value of the wrong type (from JavaScript or JSON, not TypeScript) is a problem, not a crash.
import { shownValue } from './shown-value';

/**
 * The checks are written against the declared types; when a part holds something else (a number where a list
 * belongs, null for an object) one of them may throw. That is the part's problem: report it under `where`.
 */
export function guardedProblems(where: string, check: () => string[]): string[] {
  try {
    return check();
  } catch (err) {
    const reason = err instanceof Error ? err.message : shownValue(err);
    return [`${where} holds a value of the wrong type (${reason}); check it against the documented fields`];
  }
}
