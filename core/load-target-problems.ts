// Checks a load step's target when the pipeline is defined: table name, columns, key, mode.
import type { LoadTarget } from './load-target';
import { nameProblem, tableNameProblem } from './names';

const MODES = ['append', 'merge'];

/** Every problem with the target, worded for the pipeline author; empty when it is fine. */
export function loadTargetProblems(target: LoadTarget | undefined): string[] {
  if (!target) return ['target is required'];
  const problems: string[] = [];
  const tableIssue = tableNameProblem(target.table);
  if (tableIssue) problems.push(`target.table ${tableIssue}`);
  if (!MODES.includes(target.mode))
    problems.push(`target.mode must be one of ${MODES.join(', ')}, got "${target.mode}"`);
  const columns = target.columns ?? [];
  if (columns.length === 0) problems.push('target.columns must list at least one column');
  for (const column of columns) {
    const issue = nameProblem(column.name);
    if (issue) problems.push(`target column ${issue}`);
  }
  const names = new Set(columns.map((c) => c.name));
  if (target.mode === 'merge' && !(target.key?.length ?? 0)) {
    problems.push('target.key is required for mode "merge": name the columns that identify a row');
  }
  for (const key of target.key ?? []) {
    if (!names.has(key)) problems.push(`target.key "${key}" is not one of target.columns`);
  }
  return problems;
}
