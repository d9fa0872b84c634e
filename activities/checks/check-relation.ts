// The table a step's checks read: typed columns (a target) or jsonb rows in one column (a staging table).
import { nameProblem } from '../../core/pipeline/names';
import { STAGING_SCHEMA } from '../staging/staging-name';

export interface CheckRelation {
  /** Default `public`. */
  schema?: string;
  table: string;
  /** When set, each row is a jsonb object in this column and checks read its keys, as text. */
  jsonbColumn?: string;
  /** Only rows whose (real) column equals the value, e.g. a load's `_sluice_run_id`. */
  where?: { column: string; equals: string };
}

/** A staging table written by writeStaging: rows are jsonb in `data`. */
export function stagingRelation(table: string): CheckRelation {
  return { schema: STAGING_SCHEMA, table, jsonbColumn: 'data' };
}

/** `schema.table`, for messages. */
export function describeRelation(relation: CheckRelation): string {
  return `${relation.schema ?? 'public'}.${relation.table}`;
}

/** Every problem with the relation's names; empty when each is a valid identifier. */
export function relationProblems(relation: CheckRelation): string[] {
  const fields: [string, unknown][] = [
    ['relation.schema', relation.schema ?? 'public'],
    ['relation.table', relation.table],
  ];
  if (relation.jsonbColumn !== undefined) fields.push(['relation.jsonbColumn', relation.jsonbColumn]);
  if (relation.where !== undefined) fields.push(['relation.where.column', relation.where.column]);
  const problems = fields.flatMap(([field, value]) => {
    const issue = nameProblem(value);
    return issue ? [`${field} ${issue}`] : [];
  });
  if (relation.where !== undefined && typeof relation.where.equals !== 'string') {
    problems.push('relation.where.equals must be a string');
  }
  return problems;
}
