// Judges one staged row against a contract: the values it outputs, made storable, or the reasons it is rejected.
import { z } from 'zod';
import type { ResolvedContract } from './resolve-contract';
import { toJsonSafe } from './json-safe';
import type { RowIssue } from './row-issue';
import type { RowReading } from './row-reading';

export type Verdict = { valid: true; row: Record<string, unknown> } | { valid: false; issues: RowIssue[] };

interface ParseIssue {
  code: string;
  path: PropertyKey[];
  message: string;
}
type ParseResult = { success: true; data: unknown } | { success: false; error: { issues: ParseIssue[] } };

/** Whatever zod calls it (invalid_type for a string, invalid_value for an enum), a missing value reads the same. */
export const MISSING_CODE = 'sluice_missing';
export const MISSING_MESSAGE = 'Required: the value is missing (blank, null or absent)';

/**
 * Judges `data` as `reading` reads it (rowReading of the contract's plans and the input's reference).
 * Synchronous unless the schema has async refinements (those are rare, and async parsing is 3x slower).
 */
export function judgeRow(
  contract: ResolvedContract,
  data: Record<string, unknown>,
  reading: RowReading,
): Verdict | Promise<Verdict> {
  const row = reading.read(data);
  let result: ParseResult;
  try {
    result = contract.schema.safeParse(row) as ParseResult;
  } catch (err) {
    if (!(err instanceof z.core.$ZodAsyncError)) return schemaThrew(err);
    return contract.schema
      .safeParseAsync(row)
      .then((r) => verdictOf(r as ParseResult, row, reading), schemaThrew);
  }
  return verdictOf(result, row, reading);
}

/** A refinement that throws on odd data is that row's problem, not the run's: quarantine it. */
function schemaThrew(err: unknown): Verdict {
  const message = `the contract's schema threw: ${err instanceof Error ? err.message : String(err)}`;
  return { valid: false, issues: [{ path: [], code: 'sluice_schema_threw', message }] };
}

function verdictOf(result: ParseResult, row: Record<string, unknown>, reading: RowReading): Verdict {
  if (!result.success) {
    return { valid: false, issues: result.error.issues.map((i) => toRowIssue(i, row, reading)) };
  }
  if (typeof result.data !== 'object' || result.data === null || Array.isArray(result.data)) {
    const message = "the contract's schema returned something other than an object";
    return { valid: false, issues: [{ path: [], code: 'sluice_not_an_object', message }] };
  }
  const issues: RowIssue[] = [];
  const safe = toJsonSafe(result.data as Record<string, unknown>, issues);
  return issues.length > 0 ? { valid: false, issues } : { valid: true, row: safe };
}

function toRowIssue(issue: ParseIssue, row: Record<string, unknown>, reading: RowReading): RowIssue {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  if (path.length === 1 && reading.missing(row[path[0] as string])) {
    return { path, code: MISSING_CODE, message: MISSING_MESSAGE };
  }
  return { path, code: issue.code, message: issue.message };
}
