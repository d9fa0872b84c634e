// Applies the value rules to one raw row, field by field, before the schema sees it.
import type { FieldPlan } from './field-plans';
import { coerceValue, isMissing } from './value-coercion';

/** A copy of `data` with each planned field coerced; keys the schema does not name are left as they are. */
export function coerceRow(
  plans: readonly FieldPlan[],
  data: Record<string, unknown>,
): Record<string, unknown> {
  const row: Record<string, unknown> = { ...data };
  for (const plan of plans) {
    const value = data[plan.name];
    row[plan.name] = isMissing(value) ? plan.missing : coerceValue(plan.kind, value);
  }
  return row;
}
