// Compares an existing table's column types with the declared ones, and says how to reconcile them.
import { sluiceSpelling } from './catalog-type';
import { columnIdent } from './column-ident';
import type { NeededColumn, TargetShape } from './target-shape';

export interface TypeClash extends NeededColumn {
  /** The table's type as PostgreSQL spells it: `numeric(10,2)`, `character varying(20)`. */
  existing: string;
  /** The same type as Sluice spells it, when Sluice has it: `numeric(10,2)`, `varchar(20)`. */
  declarable?: string;
}

/**
 * Needed columns the table has with another type. Types compare in Sluice's canonical spelling, sizes
 * included: `numeric(12,2)` fits `numeric(12,2)` only, `varchar(20)` is `character varying(20)`,
 * `timestamp` is `timestamp without time zone`, and a bare `numeric` is not `numeric(12,2)`.
 */
export function typeClashes(needed: readonly NeededColumn[], shape: TargetShape): TypeClash[] {
  return needed.flatMap((column) => {
    const existing = shape.columns.get(column.name)?.type;
    if (existing === undefined) return [];
    const declarable = sluiceSpelling(existing);
    if (declarable === column.sqlType) return [];
    return [{ ...column, existing, ...(declarable !== undefined ? { declarable } : {}) }];
  });
}

/** What to do: declare the table's types (where Sluice has them), alter the table, or load elsewhere. */
export function clashAdvice(clashes: readonly TypeClash[], quoted: string): string {
  const declare = clashes
    .filter((c) => c.origin === 'declared' && c.declarable !== undefined)
    .map((c) => `${c.name}: '${c.declarable}'`);
  const alter = clashes.map((c) => {
    const column = columnIdent(c.name);
    return `ALTER TABLE ${quoted} ALTER COLUMN ${column} TYPE ${c.sqlType} USING ${column}::${c.sqlType}`;
  });
  const options = [
    ...(declare.length > 0 ? [`declare the types the table has (${declare.join(', ')})`] : []),
    `change the table's columns to the declared types (${alter.join('; ')})`,
    'or load into a new table',
  ].join(', ');
  return options.charAt(0).toUpperCase() + options.slice(1);
}
