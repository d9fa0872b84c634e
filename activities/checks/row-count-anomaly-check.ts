// row_count_anomaly: this run's row count is within `threshold` standard deviations of earlier successful runs.
import { CHECK_DEFAULTS, type RowCountAnomalyCheck } from '../../core/checks/check-spec';
import type { CheckEnv, CheckOutcome } from './check-evaluator';
import { rowCountBaseline } from './row-count-history';

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export async function rowCountAnomalyCheck(
  env: CheckEnv,
  check: RowCountAnomalyCheck,
): Promise<CheckOutcome> {
  const threshold = check.threshold ?? CHECK_DEFAULTS.threshold;
  const minHistory = check.minHistory ?? CHECK_DEFAULTS.minHistory;
  const rows = await env.rowCount();
  const baseline = await rowCountBaseline(env.client, env.context, check.lookback ?? CHECK_DEFAULTS.lookback);
  if (baseline.runs < minHistory || baseline.mean === null || baseline.stddev === null) {
    return {
      breach: 'none',
      observed: { rows, historyRuns: baseline.runs, skipped: true },
      message:
        `skipped for lack of history: ${baseline.runs} earlier successful runs of this step, ` +
        `${minHistory} needed; ${rows} rows recorded for later runs`,
    };
  }
  const { mean, stddev } = baseline;
  // A constant history has no spread: any other count is an outlier, and its z-score is unbounded (null).
  const z = stddev > 0 ? (rows - mean) / stddev : rows === mean ? 0 : null;
  const anomalous = z === null || Math.abs(z) > threshold;
  const zText = z === null ? 'unbounded (the history never varied)' : z.toFixed(2);
  return {
    breach: anomalous ? 'error' : 'none',
    observed: {
      rows,
      historyRuns: baseline.runs,
      mean: round(mean),
      stddev: round(stddev),
      zScore: z === null ? null : round(z),
      skipped: false,
    },
    message:
      `${rows} rows against a mean of ${mean.toFixed(1)} (stddev ${stddev.toFixed(1)}) over ${baseline.runs} ` +
      `earlier runs: z-score ${zText}, ${anomalous ? 'beyond' : 'within'} ${threshold}`,
  };
}
