// Definition checks for a validate step: a contract named, a sane invalid-row ratio.
import type { ValidateStep } from './validate-step';

export function validateProblems(step: ValidateStep): string[] {
  const problems: string[] = [];
  const contract = step.contract as Record<string, unknown> | undefined;
  if (!contract || (typeof contract.file !== 'string' && typeof contract.schema !== 'object')) {
    problems.push('contract is required: { file: "contracts/x.yml" } or { schema: z.object({...}) }');
  }
  const ratio = step.maxInvalidRatio;
  if (ratio !== undefined && !(typeof ratio === 'number' && ratio >= 0 && ratio <= 1)) {
    problems.push(`maxInvalidRatio must be between 0 and 1, got ${String(ratio)}`);
  }
  return problems;
}
