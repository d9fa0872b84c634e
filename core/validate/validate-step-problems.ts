// Definition checks for a validate step: a contract named (with a boolean coerce), a sane invalid-row ratio.
import type { ValidateStep } from './validate-step';

export function validateProblems(step: ValidateStep): string[] {
  const problems: string[] = [];
  const contract = step.contract as Record<string, unknown> | undefined;
  if (!contract || (typeof contract.file !== 'string' && typeof contract.schema !== 'object')) {
    problems.push('contract is required: { file: "contracts/x.yml" } or { schema: z.object({...}) }');
  } else if (
    contract.coerce !== undefined &&
    (typeof contract.schema !== 'object' || typeof contract.coerce !== 'boolean')
  ) {
    problems.push(
      typeof contract.schema === 'object'
        ? `contract.coerce must be true or false, got ${JSON.stringify(contract.coerce)}`
        : 'contract.coerce goes with a zod schema; a contract file says coerce: true in the file',
    );
  }
  const ratio = step.maxInvalidRatio;
  if (ratio !== undefined && !(typeof ratio === 'number' && ratio >= 0 && ratio <= 1)) {
    problems.push(`maxInvalidRatio must be between 0 and 1, got ${String(ratio)}`);
  }
  return problems;
}
