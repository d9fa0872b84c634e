// relationships: every non-null value of the column has a parent row in another table (dbt's relationships test).
import type { RelationshipsCheck } from '../../core/checks/check-spec';
import { ident, tableIdent } from '../db/identifiers';
import {
  describeExamples,
  EXAMPLE_LIMIT,
  queryOne,
  type CheckEnv,
  type CheckOutcome,
} from './check-evaluator';
import type { Json } from './check-result';

export async function relationshipsCheck(env: CheckEnv, check: RelationshipsCheck): Promise<CheckOutcome> {
  const parent = tableIdent(check.to);
  const row = await queryOne<{ failing: string; distinct_values: string; examples: Json[] }>(
    env,
    (rel, params) => {
      // jsonb values are text, so the parent's column is compared as text; typed columns compare as they are.
      const parentValue = rel.jsonb ? `(p.${ident(check.field)})::text` : `p.${ident(check.field)}`;
      return `
      WITH bad AS (
        SELECT v FROM (SELECT ${rel.value(check.column)} AS v FROM ${rel.from}) s
        WHERE v IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} AS p WHERE ${parentValue} = s.v))
      SELECT (SELECT count(*) FROM bad) AS failing,
             (SELECT count(DISTINCT v) FROM bad) AS distinct_values,
             (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v), '[]')
                FROM (SELECT DISTINCT v FROM bad ORDER BY v LIMIT ${params.add(EXAMPLE_LIMIT, 'int')}) e) AS examples`;
    },
  );
  const failingRows = Number(row.failing);
  const target = `${check.to}.${check.field}`;
  return {
    breach: failingRows > 0 ? 'error' : 'none',
    observed: { failingRows, failingValues: Number(row.distinct_values), examples: row.examples },
    message:
      failingRows === 0
        ? `every ${check.column} exists in ${target}`
        : `${failingRows} rows have a ${check.column} with no match in ${target}: ` +
          describeExamples(row.examples, Number(row.distinct_values)),
  };
}
