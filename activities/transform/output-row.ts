// Checks one value a rows function returned: a plain object that jsonb can hold, or a reason it is not.
import { toJsonSafe } from '../validate/json-safe';
import { issueField, type RowIssue } from '../validate/row-issue';

export type OutputRow = { row: Record<string, unknown> } | { problem: string };

export function outputRow(value: unknown): OutputRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `${describeValue(value)} instead of a row object` };
  }
  const issues: RowIssue[] = [];
  const row = toJsonSafe(value as Record<string, unknown>, issues);
  const issue = issues[0];
  return issue ? { problem: `a row whose ${issueField(issue)} ${issue.message}` } : { row };
}

/** `null`, `an array`, `a string ("x")`: enough to recognise the value in a message. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.slice(0, 40))})`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `a ${typeof value} (${String(value)})`;
    default:
      return `a ${typeof value === 'object' ? 'non-array object' : typeof value}`;
  }
}
