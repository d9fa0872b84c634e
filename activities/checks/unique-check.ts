// unique: no two rows share the values of the columns; rows with a null in any of them are ignored.
import type { UniqueCheck } from '../../core/checks/check-spec';
import { EXAMPLE_LIMIT, queryOne, type CheckEnv, type CheckOutcome } from './check-evaluator';
import type { Json } from './check-result';

export async function uniqueCheck(env: CheckEnv, check: UniqueCheck): Promise<CheckOutcome> {
  const keys = check.columns.map((_, i) => `k${i}`);
  const row = await queryOne<{ keys: string; rows: string; examples: { values: Json[]; rows: number }[] }>(
    env,
    (rel, params) => `
      WITH dup AS (
        SELECT ${keys.join(', ')}, count(*) AS n
        FROM (SELECT ${check.columns.map((c, i) => `${rel.value(c)} AS k${i}`).join(', ')} FROM ${rel.from}) s
        WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}
        GROUP BY ${keys.join(', ')}
        HAVING count(*) > 1)
      SELECT (SELECT count(*) FROM dup) AS keys,
             (SELECT coalesce(sum(n), 0) FROM dup) AS rows,
             (SELECT coalesce(jsonb_agg(jsonb_build_object('values', v, 'rows', n) ORDER BY ord), '[]')
                FROM (SELECT jsonb_build_array(${keys.join(', ')}) AS v, n,
                             row_number() OVER (ORDER BY n DESC, ${keys.join(', ')}) AS ord
                        FROM dup ORDER BY ord LIMIT ${params.add(EXAMPLE_LIMIT, 'int')}) e) AS examples`,
  );
  const duplicateKeys = Number(row.keys);
  const duplicateRows = Number(row.rows);
  const examples: Json[] = row.examples.map((e) => ({
    values: Object.fromEntries(check.columns.map((c, i) => [c, e.values[i] ?? null])),
    rows: e.rows,
  }));
  const shown = row.examples
    .map((e) => `(${e.values.map((v) => JSON.stringify(v)).join(', ')}) x${e.rows}`)
    .join(', ');
  return {
    breach: duplicateKeys > 0 ? 'error' : 'none',
    observed: { duplicateKeys, duplicateRows, examples },
    message:
      duplicateKeys === 0
        ? `every (${check.columns.join(', ')}) is unique`
        : `${duplicateKeys} values of (${check.columns.join(', ')}) appear more than once, in ${duplicateRows} rows: ` +
          `${shown}${duplicateKeys > row.examples.length ? ', ...' : ''}`,
  };
}
