// Turns PostgreSQL's refusal of a load into a terminal failure: bad rows name the column, the row and the fix.
import type { ApplicationFailure } from '@temporalio/common';
import type { LoadTarget } from '../../core/load/load-target';
import type { StepInput } from '../../core/run/run-types';
import { SQLSTATE } from '../db/sqlstate';
import { terminalFailure } from '../step-failure';
import { castValue, invalidStagedValue, sqlType } from './column-sql';
import type { TargetName } from './target-name';
import { readTargetShape } from './target-shape';
import type { Queryable } from './write-context';

interface PgError {
  code?: string;
  message: string;
  detail?: string;
  column?: string;
  /** Where PostgreSQL raised it, innermost first: names the trigger function behind a RAISE. */
  where?: string;
}

interface BadValue {
  column: string;
  type: string;
  row?: string;
  value?: string;
  total?: string;
  message?: string;
}

const UNCHANGED = 'the target was left unchanged';

/** The first staged value that does not fit its column's type in the table (or the declared type). */
async function findBadValue(pool: Queryable, target: LoadTarget, name: TargetName, staging: string) {
  const shape = await readTargetShape(pool, name.quoted);
  const version = await pool.query<{ n: number }>(`SELECT current_setting('server_version_num')::int AS n`);
  const softErrors = (version.rows[0]?.n ?? 0) >= 160000; // pg_input_is_valid
  for (const column of target.columns) {
    const type = shape?.columns.get(column.name)?.type ?? sqlType(column.type);
    if (type === 'text' || type === 'jsonb') continue;
    if (softErrors) {
      const invalid = invalidStagedValue(type);
      const { rows } = await pool.query<{ row: string; value: string; total: string }>(
        `SELECT _sluice_row AS row, data->>$1 AS value, count(*) OVER () AS total FROM ${staging}
          WHERE data->>$1 IS NOT NULL AND ${invalid.sql}
          ORDER BY _sluice_row LIMIT 1`,
        [column.name, ...invalid.types],
      );
      if (rows[0]) return { column: column.name, type, ...rows[0] } satisfies BadValue;
    } else {
      // `type` is sqlType's canonical spelling (built from parsed parts) or format_type's.
      const failed = await pool
        .query(`SELECT count(${castValue('$1', type)}) FROM ${staging}`, [column.name])
        .then(
          () => undefined,
          (e: Error) => e.message,
        );
      if (failed) return { column: column.name, type, message: failed } satisfies BadValue;
    }
  }
  return undefined;
}

function describe(bad: BadValue): string {
  if (bad.message) return `column "${bad.column}" (${bad.type}): ${bad.message}`;
  const more = Number(bad.total) > 1 ? ` (${bad.total} rows have such values)` : '';
  return `input row ${bad.row} has ${JSON.stringify(bad.value)} in column "${bad.column}", which is not a valid ${bad.type}${more}`;
}

/**
 * The terminal failure for a data error (see activities/db/sqlstate.ts) raised while loading; the
 * transaction is already rolled back. Besides classes 22 and 23 that includes a value past a size limit
 * (54000, a key too long for its index), which every retry would meet again.
 */
export async function dataFailure(
  pool: Queryable,
  err: PgError,
  where: { target: LoadTarget; name: TargetName; staging: string; input: StepInput },
): Promise<ApplicationFailure> {
  const { target, input } = where;
  const declared = new Set(target.columns.map((c) => c.name));
  if (err.code === SQLSTATE.notNullViolation && err.column && !declared.has(err.column)) {
    return terminalFailure(
      'SluiceTargetConflict',
      input,
      `target ${target.table} requires a value in column "${err.column}", which the step does not declare`,
      'Declare the column in target.columns, or give it a default in the table',
    );
  }
  if (err.code === SQLSTATE.notNullViolation) {
    return terminalFailure(
      'SluiceBadInput',
      input,
      `some input rows have no value for column "${err.column}", which ${target.table} requires`,
      `Fill the column in the source or a transform; ${UNCHANGED}`,
    );
  }
  if (err.code === SQLSTATE.uniqueViolation) {
    return terminalFailure(
      'SluiceBadInput',
      input,
      `duplicate key in ${target.table}: ${err.detail ?? err.message}`,
      `Remove the duplicates from the input, or load with mode "merge" to update existing rows; ${UNCHANGED}`,
    );
  }
  const bad = err.code?.startsWith('22')
    ? await findBadValue(pool, target, where.name, where.staging)
    : undefined;
  return terminalFailure(
    'SluiceBadInput',
    input,
    bad
      ? describe(bad)
      : `rows do not fit ${target.table}: ${err.message}${err.detail ? ` (${err.detail})` : ''}`,
    `Fix the source data, or declare the column with a type that fits and convert it in a transform; ${UNCHANGED}`,
  );
}

/**
 * The terminal failure for a statement the target refused outright (see activities/db/sqlstate.ts): no
 * privilege on the table (42501), a column changed under the load, a trigger's RAISE. The statements are
 * Sluice's; the table, its grants and triggers are the team's, so the target is what conflicts.
 */
export function refusedFailure(err: PgError, target: LoadTarget, input: StepInput): ApplicationFailure {
  // Set when a function raised it: a trigger on the table, most likely, which the message then names.
  const where = err.where ? ` (${err.where.replaceAll('\n', '; ')})` : '';
  return terminalFailure(
    'SluiceTargetConflict',
    input,
    `PostgreSQL refused the load into ${target.table}: ${err.message}${err.detail ? ` (${err.detail})` : ''}${where}`,
    err.where
      ? `Change the rows, or the function that refused them (a trigger on the table, say), then retry the step; ${UNCHANGED}`
      : `Grant the worker's role what the load needs on the table, or fix the table, then retry the step; ${UNCHANGED}`,
  );
}
