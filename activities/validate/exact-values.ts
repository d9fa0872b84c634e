// Exact numbers through a contract: staged again, after the schema judged them as numbers, with the text they came with.
import { ExactNumber, hasExactNumbers, markExact } from '../exact-json';

/**
 * The validated `row` with the exact text back in each top-level field the schema passed through unchanged
 * (its output equals the double the text reads as); a field the schema transformed keeps the schema's value.
 */
export function keepExact(
  row: Record<string, unknown>,
  staged: Record<string, unknown>,
): Record<string, unknown> {
  if (!hasExactNumbers(staged)) return row;
  let kept = false;
  for (const [key, value] of Object.entries(staged)) {
    if (value instanceof ExactNumber && Object.hasOwn(row, key) && row[key] === Number(value.text)) {
      row[key] = value;
      kept = true;
    }
  }
  if (kept) markExact(row);
  return row;
}
