// Resolves a validate step's contract reference — file or zod schema — into one form the activity uses.
import path from 'node:path';
import type { ZodType } from 'zod';
import type { ContractRef } from '../../core/validate/contract-ref';
import { ContractError } from './contract-error';
import { loadContractFile } from './contract-file';
import { contractSchema } from './contract-schema';
import { fieldPlans, type FieldPlan } from './field-plans';

export interface ResolvedContract {
  /** Names the contract in messages: "the contract in <file>", or "the step's zod schema". */
  label: string;
  schema: ZodType;
  /** How each field reads raw values; undefined when the schema is not an object (rows go in as they are). */
  plans?: FieldPlan[];
  /** Columns that must appear in the data's keys. */
  requiredColumns: string[];
  /** Columns whose non-blank values must not repeat. */
  uniqueColumns: string[];
}

/** Throws ContractError when the file cannot be used or `unique` names a column the schema lacks. */
export async function resolveContract(ref: ContractRef, baseDir: string): Promise<ResolvedContract> {
  if ('file' in ref) {
    const spec = await loadContractFile(path.resolve(baseDir, ref.file), ref.file);
    const schema = contractSchema(spec);
    const coerced = new Set(spec.columns.filter((c) => c.coerce ?? spec.coerce).map((c) => c.name));
    return fromSchema(
      `the contract in ${ref.file}`,
      schema,
      fieldPlans(schema, (field) => coerced.has(field)),
      spec.columns.filter((c) => c.unique).map((c) => c.name),
    );
  }
  const plans = fieldPlans(ref.schema, () => ref.coerce === true);
  const unique = ref.unique ?? [];
  const unknown = plans ? unique.filter((name) => !plans.some((p) => p.name === name)) : [];
  if (unknown.length > 0) {
    throw new ContractError('(zod schema)', [
      `unique names ${unknown.map((n) => `"${n}"`).join(', ')}, not fields of the schema`,
    ]);
  }
  return fromSchema("the step's zod schema", ref.schema, plans, unique);
}

function fromSchema(
  label: string,
  schema: ZodType,
  plans: FieldPlan[] | undefined,
  unique: string[],
): ResolvedContract {
  return {
    label,
    schema,
    ...(plans ? { plans } : {}),
    requiredColumns: (plans ?? []).filter((p) => p.required).map((p) => p.name),
    uniqueColumns: unique,
  };
}
