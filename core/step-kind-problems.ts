// Definition checks for validate, transform and gate steps (sources and load targets have their own files).
import { toMilliseconds } from './durations';
import { selectStatementProblems } from './select-statement-problems';
import type { GateStep, TransformStep, ValidateStep } from './step-definitions';

export function validateProblems(step: ValidateStep): string[] {
  const problems: string[] = [];
  const contract = step.contract as Record<string, unknown> | undefined;
  if (!contract || (typeof contract.file !== 'string' && typeof contract.schema !== 'object')) {
    problems.push(
      'contract is required: { file: "pipelines/contracts/x.yml" } or { schema: z.object({...}) }',
    );
  }
  const ratio = step.maxInvalidRatio;
  if (ratio !== undefined && !(typeof ratio === 'number' && ratio >= 0 && ratio <= 1)) {
    problems.push(`maxInvalidRatio must be between 0 and 1, got ${String(ratio)}`);
  }
  return problems;
}

export function transformProblems(step: TransformStep): string[] {
  const problems: string[] = [];
  if (!Array.isArray(step.inputs) || step.inputs.length === 0)
    problems.push('inputs must name at least one step');
  const hasRows = 'rows' in step && typeof step.rows === 'function';
  const hasSql = 'sql' in step && typeof step.sql === 'string' && step.sql.trim() !== '';
  if (hasRows === hasSql)
    problems.push('give exactly one of rows (a function over row batches) or sql (a SELECT)');
  if (hasRows && step.inputs?.length !== 1)
    problems.push('a rows transform reads exactly one input; use sql to combine several');
  if (hasSql && Array.isArray(step.inputs)) problems.push(...sqlTransformProblems(step.sql, step.inputs));
  return problems;
}

/** How a SQL transform names an input: `{{ step_id }}`. */
export const INPUT_PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A SQL transform is one SELECT naming each of its inputs, and nothing else, as `{{step_id}}`. */
export function sqlTransformProblems(sql: string, inputs: readonly string[]): string[] {
  const problems = selectStatementProblems('sql', sql);
  const named = new Set([...sql.matchAll(INPUT_PLACEHOLDER)].map((m) => m[1] as string));
  for (const name of named) {
    if (!inputs.includes(name))
      problems.push(`sql names {{${name}}}, which is not one of the inputs (${inputs.join(', ')})`);
  }
  for (const name of inputs) {
    if (!named.has(name)) problems.push(`input "${name}" is not used in sql; name it as {{${name}}}`);
  }
  return problems;
}

export function gateProblems(step: GateStep): string[] {
  const problems: string[] = [];
  if (step.timeout !== undefined && !((toMilliseconds(step.timeout) ?? 0) > 0)) {
    problems.push(`timeout "${step.timeout}" is not a positive duration like '1h'`);
  }
  if (step.onTimeout !== undefined && step.onTimeout !== 'approve' && step.onTimeout !== 'reject') {
    problems.push(`onTimeout must be 'approve' or 'reject', got "${String(step.onTimeout)}"`);
  }
  if (step.retry) problems.push('a gate has no activity to retry; remove retry');
  return problems;
}
