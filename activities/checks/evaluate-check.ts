// Runs one check of any kind and turns its outcome into a result with a status.
import { checkName, checkSeverity, type CheckSpec } from '../../core/checks/check-spec';
import { acceptedRangeCheck } from './accepted-range-check';
import { acceptedValuesCheck } from './accepted-values-check';
import type { Breach, CheckEnv, CheckOutcome } from './check-evaluator';
import type { CheckResult, CheckStatus } from './check-result';
import { freshnessCheck } from './freshness-check';
import { notNullCheck } from './not-null-check';
import { relationshipsCheck } from './relationships-check';
import { rowCountAnomalyCheck } from './row-count-anomaly-check';
import { rowCountCheck } from './row-count-check';
import { uniqueCheck } from './unique-check';

function outcomeOf(env: CheckEnv, check: CheckSpec): Promise<CheckOutcome> {
  switch (check.kind) {
    case 'row_count':
      return rowCountCheck(env, check);
    case 'not_null':
      return notNullCheck(env, check);
    case 'unique':
      return uniqueCheck(env, check);
    case 'accepted_values':
      return acceptedValuesCheck(env, check);
    case 'accepted_range':
      return acceptedRangeCheck(env, check);
    case 'relationships':
      return relationshipsCheck(env, check);
    case 'freshness':
      return freshnessCheck(env, check);
    case 'row_count_anomaly':
      return rowCountAnomalyCheck(env, check);
  }
}

/** A warn-severity check never fails the step; a warn breach never fails it either. */
export function statusOf(breach: Breach, severity: CheckResult['severity']): CheckStatus {
  if (breach === 'none') return 'pass';
  return breach === 'error' && severity === 'error' ? 'fail' : 'warn';
}

export async function evaluateCheck(env: CheckEnv, check: CheckSpec): Promise<CheckResult> {
  const outcome = await outcomeOf(env, check);
  const severity = checkSeverity(check);
  return {
    name: checkName(check),
    kind: check.kind,
    severity,
    status: statusOf(outcome.breach, severity),
    observed: outcome.observed,
    message: outcome.message,
  };
}
