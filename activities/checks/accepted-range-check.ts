// accepted_range: every non-null value of the column is a number within the bounds.
import type { AcceptedRangeCheck } from '../../core/checks/check-spec';
import {
  describeExamples,
  EXAMPLE_LIMIT,
  queryOne,
  type CheckEnv,
  type CheckOutcome,
} from './check-evaluator';
import type { Json } from './check-result';

/** Text PostgreSQL's numeric accepts; jsonb values that do not match count as failing instead of aborting. */
const NUMERIC_TEXT = String.raw`'^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$'`;

export async function acceptedRangeCheck(env: CheckEnv, check: AcceptedRangeCheck): Promise<CheckOutcome> {
  const inclusive = check.inclusive ?? true;
  const row = await queryOne<{
    failing: string;
    non_numeric: string;
    distinct_values: string;
    examples: Json[];
  }>(env, (rel, params) => {
    // Inner v: typed as stored, or jsonb text; n: v as a number (NULL for jsonb text that is not one).
    const number = rel.jsonb ? `CASE WHEN v ~ ${NUMERIC_TEXT} THEN v::numeric END` : 'v::numeric';
    const outside = [
      'n IS NULL',
      ...(check.min !== undefined ? [`n ${inclusive ? '<' : '<='} ${params.add(check.min, 'numeric')}`] : []),
      ...(check.max !== undefined ? [`n ${inclusive ? '>' : '>='} ${params.add(check.max, 'numeric')}`] : []),
    ];
    return `
        WITH s AS (SELECT v::text AS t, ${number} AS n
                     FROM (SELECT ${rel.value(check.column)} AS v FROM ${rel.from}) r WHERE v IS NOT NULL),
             bad AS (SELECT t, n FROM s WHERE ${outside.join(' OR ')})
        SELECT (SELECT count(*) FROM bad) AS failing,
               (SELECT count(*) FROM bad WHERE n IS NULL) AS non_numeric,
               (SELECT count(DISTINCT t) FROM bad) AS distinct_values,
               (SELECT coalesce(jsonb_agg(coalesce(to_jsonb(n), to_jsonb(t)) ORDER BY n NULLS FIRST, t), '[]')
                  FROM (SELECT DISTINCT t, n FROM bad ORDER BY n NULLS FIRST, t
                        LIMIT ${params.add(EXAMPLE_LIMIT, 'int')}) e) AS examples`;
  });
  const failingRows = Number(row.failing);
  const bounds = describeBounds(check.min, check.max, inclusive);
  return {
    breach: failingRows > 0 ? 'error' : 'none',
    observed: { failingRows, nonNumericRows: Number(row.non_numeric), examples: row.examples },
    message:
      failingRows === 0
        ? `every ${check.column} is ${bounds}`
        : `${failingRows} rows have a ${check.column} that is not ${bounds}: ` +
          describeExamples(row.examples, Number(row.distinct_values)),
  };
}

function describeBounds(min: number | undefined, max: number | undefined, inclusive: boolean): string {
  const lower = min === undefined ? '' : `${inclusive ? '>=' : '>'} ${min}`;
  const upper = max === undefined ? '' : `${inclusive ? '<=' : '<'} ${max}`;
  return [lower, upper].filter(Boolean).join(' and ');
}
