// Checks a step's dataset checks when the pipeline is defined, naming the check and the field at fault.
import { CHECK_DEFAULTS, CHECK_KINDS, checkName, type CheckSpec } from './check-spec';
import { toMilliseconds, type DurationSpec } from '../pipeline/durations';
import { nameProblem, tableNameProblem } from '../pipeline/names';

const MAX_NAME_LENGTH = 120;

/** Every problem with a step's `checks`, each starting with `check "<name>"`; empty when they are fine. */
export function checkProblems(checks: unknown): string[] {
  if (checks === undefined) return [];
  if (!Array.isArray(checks)) return ['checks must be a list of checks'];
  const problems: string[] = [];
  const seen = new Set<string>();
  checks.forEach((raw: unknown, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`checks[${index}] must be an object with a kind`);
      return;
    }
    const check = raw as CheckSpec;
    if (!CHECK_KINDS.includes(check.kind)) {
      problems.push(
        `checks[${index}]: unknown kind "${String(check.kind)}"; use one of ${CHECK_KINDS.join(', ')}`,
      );
      return;
    }
    const name = safeName(check, index);
    const label = `check "${name}"`;
    problems.push(...oneCheckProblems(check).map((p) => `${label}: ${p}`));
    if (seen.has(name)) {
      problems.push(`${label} is defined twice in this step; give one of them a different name`);
    }
    seen.add(name);
  });
  return problems;
}

/** The derived name needs well-formed fields; fall back to the position when they are not. */
function safeName(check: CheckSpec, index: number): string {
  try {
    const name = checkName(check);
    return typeof name === 'string' ? name : `checks[${index}]`;
  } catch {
    return `checks[${index}]`;
  }
}

function oneCheckProblems(check: CheckSpec): string[] {
  const problems = commonProblems(check);
  switch (check.kind) {
    case 'row_count':
      problems.push(...boundProblems(check.min, check.max, true));
      break;
    case 'not_null':
      problems.push(...columnProblems('column', check.column));
      break;
    case 'unique':
      problems.push(...uniqueProblems(check.columns));
      break;
    case 'accepted_values':
      problems.push(...columnProblems('column', check.column), ...valuesProblems(check.values));
      break;
    case 'accepted_range':
      problems.push(...columnProblems('column', check.column), ...boundProblems(check.min, check.max, false));
      if (check.inclusive !== undefined && typeof check.inclusive !== 'boolean') {
        problems.push(`inclusive must be true or false, got ${show(check.inclusive)}`);
      }
      break;
    case 'relationships': {
      problems.push(...columnProblems('column', check.column), ...columnProblems('field', check.field));
      const tableIssue = tableNameProblem(check.to);
      if (tableIssue) problems.push(`to ${tableIssue}`);
      break;
    }
    case 'freshness':
      problems.push(...columnProblems('column', check.column), ...freshnessProblems(check));
      break;
    case 'row_count_anomaly':
      problems.push(...anomalyProblems(check));
      break;
  }
  return problems;
}

function commonProblems(check: CheckSpec): string[] {
  const problems: string[] = [];
  if (check.severity !== undefined && check.severity !== 'warn' && check.severity !== 'error') {
    problems.push(`severity must be 'warn' or 'error', got ${show(check.severity)}`);
  }
  if (check.name !== undefined) {
    const name: unknown = check.name;
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
      problems.push(`name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`);
    } else if (/[\r\n]/.test(name)) {
      problems.push('name must fit on one line');
    }
  }
  return problems;
}

/** A value as the author wrote it: JSON, except numbers JSON cannot show (NaN, Infinity). */
const show = (value: unknown) => (typeof value === 'number' ? String(value) : JSON.stringify(value));

function columnProblems(field: string, value: unknown): string[] {
  const issue = nameProblem(value);
  return issue ? [`${field} ${issue}`] : [];
}

function uniqueProblems(columns: unknown): string[] {
  if (!Array.isArray(columns) || columns.length === 0) return ['columns must list at least one column'];
  const problems = columns.flatMap((c) => columnProblems('columns', c));
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) problems.push(`columns names "${String(duplicate)}" twice`);
  return problems;
}

function valuesProblems(values: unknown): string[] {
  if (!Array.isArray(values) || values.length === 0) return ['values must list at least one accepted value'];
  const bad = values.filter(
    (v) => typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v)),
  );
  return bad.length > 0
    ? [`values must be strings, finite numbers or booleans; got ${bad.map(show).join(', ')}`]
    : [];
}

/** min/max: at least one; counts are whole numbers of at least 0; min not above max. */
function boundProblems(min: unknown, max: unknown, counts: boolean): string[] {
  if (min === undefined && max === undefined) return ['give min, max or both'];
  const problems: string[] = [];
  const wanted = counts ? 'a whole number of at least 0' : 'a finite number';
  const valid = (v: unknown): v is number =>
    typeof v === 'number' && (counts ? Number.isInteger(v) && v >= 0 : Number.isFinite(v));
  if (min !== undefined && !valid(min)) problems.push(`min must be ${wanted}, got ${show(min)}`);
  if (max !== undefined && !valid(max)) problems.push(`max must be ${wanted}, got ${show(max)}`);
  if (valid(min) && valid(max) && min > max) problems.push(`min (${min}) is above max (${max})`);
  return problems;
}

function freshnessProblems(check: { warnAfter?: DurationSpec; errorAfter?: DurationSpec }): string[] {
  if (check.warnAfter === undefined && check.errorAfter === undefined) {
    return ["give warnAfter, errorAfter or both, as durations like '2h' or '24h'"];
  }
  const problems: string[] = [];
  const ms = (field: string, value: DurationSpec | undefined) => {
    if (value === undefined) return undefined;
    const parsed = typeof value === 'string' || typeof value === 'number' ? toMilliseconds(value) : undefined;
    if (parsed === undefined || parsed <= 0) {
      problems.push(`${field} ${show(value)} is not a positive duration like '2h' or '24h'`);
      return undefined;
    }
    return parsed;
  };
  const warn = ms('warnAfter', check.warnAfter);
  const error = ms('errorAfter', check.errorAfter);
  if (warn !== undefined && error !== undefined && warn >= error) {
    problems.push(
      `warnAfter (${String(check.warnAfter)}) must be shorter than errorAfter (${String(check.errorAfter)})`,
    );
  }
  return problems;
}

function anomalyProblems(check: { threshold?: unknown; minHistory?: unknown; lookback?: unknown }): string[] {
  const problems: string[] = [];
  const { threshold, minHistory, lookback } = check;
  if (
    threshold !== undefined &&
    !(typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0)
  ) {
    problems.push(`threshold must be a number above 0, got ${show(threshold)}`);
  }
  const wholeAtLeast2 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 2;
  if (minHistory !== undefined && !wholeAtLeast2(minHistory)) {
    problems.push(`minHistory must be a whole number of at least 2, got ${show(minHistory)}`);
  }
  if (lookback !== undefined && !wholeAtLeast2(lookback)) {
    problems.push(`lookback must be a whole number of at least 2, got ${show(lookback)}`);
  }
  const effectiveMin = wholeAtLeast2(minHistory) ? minHistory : CHECK_DEFAULTS.minHistory;
  if (wholeAtLeast2(lookback) && lookback < effectiveMin) {
    problems.push(`lookback (${lookback}) must be at least minHistory (${effectiveMin})`);
  }
  return problems;
}
