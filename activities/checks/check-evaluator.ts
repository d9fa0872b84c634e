// What a check kind's evaluator receives and returns, and how it runs one statement over the relation.
import type { ClientBase } from 'pg';
import type { CheckRelation } from './check-relation';
import type { CheckContext, Json } from './check-result';
import { relationSql, type RelationSql } from './relation-sql';
import { SqlParams } from './sql-params';

/** At most this many failing values are kept as examples. */
export const EXAMPLE_LIMIT = 5;

export interface CheckEnv {
  client: ClientBase;
  relation: CheckRelation;
  context: CheckContext;
  /** Freshness is measured against this time; the database's clock when unset. */
  asOf?: Date;
  /** Rows in the relation, counted once per run of the checks. */
  rowCount(): Promise<number>;
}

/** none: passed; warn: only a warning whatever the severity; error: failed, as severe as the check. */
export type Breach = 'none' | 'warn' | 'error';

export interface CheckOutcome {
  breach: Breach;
  observed: { [key: string]: Json };
  message: string;
}

/** Runs the statement `build` writes over the relation and returns its single row. */
export async function queryOne<R>(
  env: CheckEnv,
  build: (rel: RelationSql, params: SqlParams) => string,
): Promise<R> {
  const params = new SqlParams();
  const sql = build(relationSql(env.relation, params), params);
  const { rows } = await env.client.query(sql, params.values);
  return rows[0] as R;
}

/** Failing values for a message: `'a', 'b'` (JSON literals), with an ellipsis when there are more. */
export function describeExamples(examples: Json[], total: number): string {
  const shown = examples.map((e) => JSON.stringify(e)).join(', ');
  return total > examples.length ? `${shown}, ...` : shown;
}
