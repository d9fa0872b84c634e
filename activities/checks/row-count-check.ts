// row_count: the dataset holds between min and max rows.
import type { RowCountCheck } from '../../core/checks/check-spec';
import type { CheckEnv, CheckOutcome } from './check-evaluator';

export async function rowCountCheck(env: CheckEnv, check: RowCountCheck): Promise<CheckOutcome> {
  const rows = await env.rowCount();
  const { min, max } = check;
  const expected =
    min !== undefined && max !== undefined
      ? `between ${min} and ${max}`
      : min !== undefined
        ? `at least ${min}`
        : `at most ${max}`;
  const failed = (min !== undefined && rows < min) || (max !== undefined && rows > max);
  return {
    breach: failed ? 'error' : 'none',
    observed: { rows },
    message: `${rows} rows, expected ${expected}`,
  };
}
