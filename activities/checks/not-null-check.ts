// not_null: no row lacks a value in the column (for jsonb rows: a JSON null or a missing key).
import type { NotNullCheck } from '../../core/checks/check-spec';
import { queryOne, type CheckEnv, type CheckOutcome } from './check-evaluator';

export async function notNullCheck(env: CheckEnv, check: NotNullCheck): Promise<CheckOutcome> {
  const row = await queryOne<{ rows: string; nulls: string }>(
    env,
    (rel) =>
      `SELECT count(*) AS rows, count(*) FILTER (WHERE ${rel.value(check.column)} IS NULL) AS nulls FROM ${rel.from}`,
  );
  const rows = Number(row.rows);
  const nullRows = Number(row.nulls);
  return {
    breach: nullRows > 0 ? 'error' : 'none',
    observed: { rows, nullRows },
    message: `${nullRows} of ${rows} rows have a null ${check.column}`,
  };
}
