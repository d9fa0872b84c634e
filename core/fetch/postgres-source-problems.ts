// Definition checks for a postgres source: a named URL variable, one SELECT, parameters bound, never spliced.
import { selectStatementProblems } from '../pipeline/select-statement-problems';
import { envNameProblems, integerProblems } from './source-field-problems';
import { PLACEHOLDER_PATTERN, templateProblems, usesWatermark } from './source-placeholders';
import type { PostgresSource } from './source-spec';
import type { IncrementalSpec } from '../pipeline/step-definitions';

export function postgresSourceProblems(source: PostgresSource, incremental?: IncrementalSpec): string[] {
  const problems = envNameProblems('urlEnv', source.urlEnv, 'ORDERS_DB_URL', 'a URL');
  if (typeof source.query !== 'string' || !source.query.trim()) problems.push('source.query is required');
  else {
    problems.push(...selectStatementProblems('source.query', source.query));
    if ([...source.query.matchAll(PLACEHOLDER_PATTERN)].length > 0)
      problems.push(
        'source.query must not use {{…}} placeholders: write $1, $2, … and put the values in source.params',
      );
  }
  if (source.params !== undefined && !Array.isArray(source.params))
    problems.push('source.params must be a list of values, bound to $1, $2, … in order');
  (Array.isArray(source.params) ? source.params : []).forEach((value, i) => {
    const field = `source.params[${i}]`;
    if (typeof value !== 'string') problems.push(`${field} must be a string`);
    else {
      problems.push(...templateProblems(field, value));
      if (usesWatermark(value) && incremental?.initial === undefined)
        problems.push(
          `${field} uses {{watermark}}, so incremental.initial is required: the watermark of the first run (e.g. '1970-01-01T00:00:00Z')`,
        );
    }
  });
  problems.push(...integerProblems('batchSize', source.batchSize, 1, 100_000));
  return problems;
}
