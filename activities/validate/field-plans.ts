// Reads a zod object schema's fields: how to coerce each raw value, and which ones must be present.
import type { ZodType } from 'zod';
import type { ValueKind } from './value-coercion';

/** How one field of the schema reads raw values. */
export interface FieldPlan {
  name: string;
  kind: ValueKind;
  /** What a missing value becomes: undefined when the field is optional, null when only nullable. */
  missing: undefined | null;
  /** Neither optional nor nullable: a column absent from the whole dataset fails the step early. */
  required: boolean;
  /** The contract opted in: a typed source's value is read as `kind` too, as text is (see row-reading.ts). */
  coerce: boolean;
}

/** The parts of zod's (v4) internal definitions this file reads. */
interface Def {
  type: string;
  innerType?: ZodType;
  in?: ZodType;
  options?: ZodType[];
  entries?: Record<string, unknown>;
  values?: unknown[];
  getter?: () => ZodType;
  shape?: Record<string, ZodType>;
}

const defOf = (schema: ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/**
 * The fields of an object schema (looking through `.transform`/`.pipe`), or undefined for any other schema;
 * `coerces` says which fields the contract opted into coercion of typed values for.
 */
export function fieldPlans(schema: ZodType, coerces: (field: string) => boolean): FieldPlan[] | undefined {
  let current = schema;
  for (let depth = 0; depth < 8; depth += 1) {
    const def = defOf(current);
    if (def.type === 'object' && def.shape) {
      return Object.entries(def.shape).map(([name, field]) => planFor(name, field, coerces(name)));
    }
    if (def.type !== 'pipe' || !def.in) return undefined;
    current = def.in;
  }
  return undefined;
}

function planFor(name: string, field: ZodType, coerce: boolean): FieldPlan {
  const acceptsUndefined = accepts(field, undefined);
  const acceptsNull = accepts(field, null);
  return {
    name,
    kind: kindOf(field, 0),
    missing: !acceptsUndefined && acceptsNull ? null : undefined,
    required: !acceptsUndefined && !acceptsNull,
    coerce,
  };
}

/** Asks the field itself, so defaults, catches and refinements all count. */
function accepts(field: ZodType, value: undefined | null): boolean {
  try {
    return field.safeParse(value).success;
  } catch {
    return false; // an async refinement or one that throws: treat the value as refused
  }
}

function kindOf(schema: ZodType, depth: number): ValueKind {
  if (depth > 16) return 'any';
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return kindOf(def.innerType, depth + 1);
  switch (def.type) {
    case 'pipe':
      return def.in ? kindOf(def.in, depth + 1) : 'any';
    case 'lazy':
      return def.getter ? kindOf(def.getter(), depth + 1) : 'any';
    case 'string':
    case 'template_literal':
      return 'string';
    case 'number':
    case 'boolean':
    case 'date':
      return def.type;
    case 'enum':
      return kindOfValues(Object.values(def.entries ?? {}));
    case 'literal':
      return kindOfValues(def.values ?? []);
    case 'union': {
      const options = (def.options ?? []).filter((o) => !['null', 'undefined'].includes(defOf(o).type));
      const kinds = new Set(options.map((o) => kindOf(o, depth + 1)));
      return kinds.size === 1 ? ([...kinds][0] as ValueKind) : 'any';
    }
    default:
      return 'any';
  }
}

function kindOfValues(values: unknown[]): ValueKind {
  const types = new Set(values.filter((v) => v !== null && v !== undefined).map((v) => typeof v));
  if (types.size !== 1) return 'any';
  const [type] = types;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'any';
}
