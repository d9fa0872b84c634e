// Definition checks for a transform step: one of rows or sql, and a SQL transform that names each input.
import { selectStatementProblems } from '../pipeline/select-statement-problems';
import type { TransformStep } from './transform-step';

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
