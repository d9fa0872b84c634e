// Checks a load step's dataset checks against the types its target declares: a check that cannot read its column is refused.
import { checkName, type CheckSpec } from '../checks/check-spec';
import { readColumnType, type ColumnTypeName, type ParsedColumnType } from './column-type';
import type { LoadTarget } from './load-target';

interface ColumnNeed {
  accepts: (type: ParsedColumnType) => boolean;
  /** What the check needs, for the message. */
  needs: string;
}

const TEXT: readonly ColumnTypeName[] = ['text', 'varchar'];
const NUMBERS: readonly ColumnTypeName[] = [
  'smallint',
  'integer',
  'bigint',
  'numeric',
  'real',
  'double precision',
];
const MOMENTS: readonly ColumnTypeName[] = ['date', 'timestamp', 'timestamptz'];

const scalarOf =
  (names: readonly ColumnTypeName[]) =>
  (type: ParsedColumnType): boolean =>
    !type.array && (names.includes(type.name) || TEXT.includes(type.name));

/** Kinds that read their column as one type; text passes, since it may hold the values as text. */
const NEEDS: Partial<Record<CheckSpec['kind'], ColumnNeed>> = {
  accepted_range: {
    accepts: scalarOf(NUMBERS),
    needs:
      'a number column (smallint, integer, bigint, numeric, real, double precision) or text holding numbers',
  },
  freshness: {
    accepts: scalarOf(MOMENTS),
    needs: 'a date, timestamp or timestamptz column, or text holding timestamps',
  },
  accepted_values: {
    accepts: (type) => !type.array && type.name !== 'jsonb',
    needs: 'a column of plain values (not jsonb or an array)',
  },
};

/**
 * Problems of checks on columns the target declares with a type the check cannot read, e.g. freshness
 * on an interval. Columns the target does not declare (an existing table may have more) are not judged.
 */
export function targetCheckProblems(target: LoadTarget | undefined, checks: unknown): string[] {
  if (!Array.isArray(checks) || !Array.isArray(target?.columns)) return [];
  const declared = new Map(target.columns.map((c) => [c?.name, readColumnType(c?.type)]));
  return checks.flatMap((check: CheckSpec) => {
    const need = NEEDS[check?.kind];
    const column = need && 'column' in check ? check.column : undefined;
    const reading = typeof column === 'string' ? declared.get(column) : undefined;
    if (!need || !reading || !('type' in reading) || need.accepts(reading.type)) return [];
    return [
      `check "${checkName(check)}": column "${column}" is declared ${reading.type.canonical}; ${check.kind} needs ${need.needs}`,
    ];
  });
}
