// accepted_values: every non-null value of the column is one of the listed values (passed as one array parameter).
import type { AcceptedValuesCheck } from '../../core/checks/check-spec';
import {
  describeExamples,
  EXAMPLE_LIMIT,
  queryOne,
  type CheckEnv,
  type CheckOutcome,
} from './check-evaluator';
import type { Json } from './check-result';

export async function acceptedValuesCheck(env: CheckEnv, check: AcceptedValuesCheck): Promise<CheckOutcome> {
  const accepted = check.values.map(String);
  const row = await queryOne<{ failing: string; distinct_values: string; examples: Json[] }>(
    env,
    (rel, params) => {
      // Typed columns compare in their own type (the array takes the column's type); jsonb keys compare as text.
      const list = rel.jsonb ? params.add(accepted, 'text[]') : params.add(accepted);
      return `
      WITH bad AS (
        SELECT v FROM (SELECT ${rel.value(check.column)} AS v FROM ${rel.from}) s
        WHERE v IS NOT NULL AND NOT (v = ANY(${list})))
      SELECT (SELECT count(*) FROM bad) AS failing,
             (SELECT count(DISTINCT v) FROM bad) AS distinct_values,
             (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v), '[]')
                FROM (SELECT DISTINCT v FROM bad ORDER BY v LIMIT ${params.add(EXAMPLE_LIMIT, 'int')}) e) AS examples`;
    },
  );
  const failingRows = Number(row.failing);
  const distinct = Number(row.distinct_values);
  return {
    breach: failingRows > 0 ? 'error' : 'none',
    observed: { failingRows, failingValues: distinct, examples: row.examples },
    message:
      failingRows === 0
        ? `every ${check.column} is one of ${JSON.stringify(check.values)}`
        : `${failingRows} rows have a ${check.column} outside ${JSON.stringify(check.values)}: ` +
          describeExamples(row.examples, distinct),
  };
}
