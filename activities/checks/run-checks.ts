// runChecks: evaluates a step's checks in PostgreSQL over one consistent snapshot, then stores the results.
import type { Pool, PoolClient } from 'pg';
import { checkProblems } from '../../core/checks/check-problems';
import { checkName, type CheckSpec } from '../../core/checks/check-spec';
import { queryOne, type CheckEnv } from './check-evaluator';
import { describeRelation, relationProblems, type CheckRelation } from './check-relation';
import type { CheckContext, CheckResult, CheckResultSet, CheckStatus } from './check-result';
import { replaceCheckResults } from './check-results-store';
import { asCheckRunError, CheckRunError } from './check-run-error';
import { evaluateCheck } from './evaluate-check';

export interface RunChecksInput {
  relation: CheckRelation;
  checks: readonly CheckSpec[];
  /** Results the step determined itself (a watermark warning): recorded first, with the checks' results. */
  ownResults?: readonly CheckResult[];
  context: CheckContext;
  /** Freshness is measured against this time; the database's clock when unset. */
  asOf?: Date;
  /** Called after each check, e.g. to heartbeat while checks over a large table run. */
  onCheckDone?: (result: CheckResult, index: number) => void;
}

/**
 * Runs every check, records every result (replacing an earlier attempt's) and returns them.
 * Throws CheckRunError when a check cannot run as written; failed checks are results, not errors.
 */
export async function runChecks(pool: Pool, input: RunChecksInput): Promise<CheckResultSet> {
  const where = describeRelation(input.relation);
  const problems = [...relationProblems(input.relation), ...checkProblems(input.checks)];
  if (problems.length > 0) {
    throw new CheckRunError(
      `checks on ${where} cannot run:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'definition',
    );
  }
  const client = await pool.connect();
  try {
    const { results, rowCount } = await evaluateAll(client, input, where);
    await replaceCheckResults(client, input.context, results, rowCount);
    return { context: input.context, results, status: worst(results) };
  } finally {
    client.release();
  }
}

async function evaluateAll(client: PoolClient, input: RunChecksInput, where: string) {
  let counted: Promise<number> | undefined;
  let rowCount: number | undefined;
  const env: CheckEnv = {
    client,
    relation: input.relation,
    context: input.context,
    ...(input.asOf ? { asOf: input.asOf } : {}),
    rowCount: () => {
      counted ??= queryOne<{ n: string }>(env, (rel) => `SELECT count(*) AS n FROM ${rel.from}`).then((r) => {
        rowCount = Number(r.n);
        return rowCount;
      });
      return counted;
    },
  };
  const results: CheckResult[] = [...(input.ownResults ?? [])];
  // One snapshot: every check sees the same rows, even while other steps write.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // A timestamp without a zone is UTC wall-clock time (freshness reads it so), whatever the session's zone.
    await client.query(`SET LOCAL TimeZone = 'UTC'`);
    for (const [index, check] of input.checks.entries()) {
      let result: CheckResult;
      try {
        result = await evaluateCheck(env, check);
      } catch (err) {
        throw asCheckRunError(err, checkName(check), where);
      }
      results.push(result);
      input.onCheckDone?.(result, index);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return { results, rowCount };
}

function worst(results: readonly CheckResult[]): CheckStatus {
  if (results.some((r) => r.status === 'fail')) return 'fail';
  return results.some((r) => r.status === 'warn') ? 'warn' : 'pass';
}
