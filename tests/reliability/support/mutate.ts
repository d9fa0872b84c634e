// Arbitraries that break a valid structure a little: a few of its fields replaced, removed or added.
import fc from 'fast-check';
import { awkwardValue } from './fuzz';

type Container = Record<string, unknown> | unknown[];

/** One edit: at the n-th field of the structure (counted as it is then), or a new key beside it. */
export interface Edit {
  at: number;
  op: 'set' | 'delete' | 'add';
  key: string;
  value: unknown;
}

const isContainer = (value: unknown): value is Container =>
  Array.isArray(value) ||
  (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype);

/** A copy of the plain objects and arrays; anything else (functions, zod schemas) is shared. */
export function clonePlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  if (!isContainer(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = clonePlain(item);
  return copy as T;
}

function fields(root: unknown): Array<{ parent: Container; key: string }> {
  const found: Array<{ parent: Container; key: string }> = [];
  const walk = (node: unknown) => {
    if (!isContainer(node)) return;
    for (const key of Object.keys(node)) {
      found.push({ parent: node, key });
      walk((node as Record<string, unknown>)[key]);
    }
  };
  walk(root);
  return found;
}

/** `base` (copied) with the edits applied in order. */
export function applyEdits<T>(base: T, edits: readonly Edit[]): T {
  const root = clonePlain(base);
  for (const edit of edits) {
    const all = fields(root);
    if (all.length === 0) break;
    const { parent, key } = all[edit.at % all.length]!;
    const record = parent as Record<string, unknown>;
    const value = clonePlain(edit.value); // constants are shared between cases: never edit them in place
    if (edit.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete record[key];
    } else if (edit.op === 'add' && !Array.isArray(parent)) {
      Object.defineProperty(record, edit.key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      record[key] = value;
    }
  }
  return root;
}

/** Keys that a field name could plausibly be, and some that are hostile. */
const editKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'kind',
    'id',
    'name',
    'type',
    'mode',
    'columns',
    'input',
    'needs',
  ),
  fc.string({ maxLength: 12 }),
);

/** Up to `max` edits, each with a value from `values` (by default awkward values). */
export function edits(max = 4, values: fc.Arbitrary<unknown> = awkwardValue): fc.Arbitrary<Edit[]> {
  return fc.array(
    fc.record({
      at: fc.nat(),
      op: fc.constantFrom('set', 'set', 'delete', 'add'),
      key: editKey,
      value: values,
    }),
    { minLength: 1, maxLength: max },
  ) as fc.Arbitrary<Edit[]>;
}

/** `bases` broken by a few edits. */
export function mutated<T>(bases: readonly T[], values?: fc.Arbitrary<unknown>): fc.Arbitrary<T> {
  return fc.tuple(fc.constantFrom(...bases), edits(4, values)).map(([base, list]) => applyEdits(base, list));
}
