// freshness: the newest timestamp in the column is younger than warnAfter / errorAfter (a data contract's freshness).
import type { FreshnessCheck } from '../../core/checks/check-spec';
import { toMilliseconds } from '../../core/pipeline/durations';
import { queryOne, type Breach, type CheckEnv, type CheckOutcome } from './check-evaluator';

export async function freshnessCheck(env: CheckEnv, check: FreshnessCheck): Promise<CheckOutcome> {
  const row = await queryOne<{ latest: Date | null; age: number | null }>(env, (rel, params) => {
    const ts = `(${rel.value(check.column)})::timestamptz`;
    const now = `coalesce(${params.add(env.asOf ?? null, 'timestamptz')}, now())`;
    return `SELECT max(${ts}) AS latest, extract(epoch FROM ${now} - max(${ts}))::float8 AS age FROM ${rel.from}`;
  });
  const warnAfter = seconds(check.warnAfter);
  const errorAfter = seconds(check.errorAfter);
  const limits = [
    ...(warnAfter !== undefined ? [`warn after ${check.warnAfter}`] : []),
    ...(errorAfter !== undefined ? [`error after ${check.errorAfter}`] : []),
  ].join(', ');
  const observed = { latest: row.latest?.toISOString() ?? null, ageSeconds: row.age };
  if (row.age === null) {
    return {
      breach: errorAfter !== undefined ? 'error' : 'warn',
      observed,
      message: `no ${check.column} to judge freshness by (no rows, or all null); ${limits}`,
    };
  }
  const breach: Breach =
    errorAfter !== undefined && row.age > errorAfter
      ? 'error'
      : warnAfter !== undefined && row.age > warnAfter
        ? 'warn'
        : 'none';
  return {
    breach,
    observed,
    message: `newest ${check.column} is ${formatAge(row.age)} old (${observed.latest}); ${limits}`,
  };
}

function seconds(duration: FreshnessCheck['warnAfter']): number | undefined {
  const ms = duration === undefined ? undefined : toMilliseconds(duration);
  return ms === undefined ? undefined : ms / 1000;
}

/** `2d 3h`, `3h 5m`, `4m 10s`, `12s`: the two largest units, enough to compare with the limits. */
export function formatAge(totalSeconds: number): string {
  const negative = totalSeconds < 0;
  let rest = Math.round(Math.abs(totalSeconds));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count}${unit}`);
  }
  const text = parts.length === 0 ? '0s' : parts.slice(0, 2).join(' ');
  return negative ? `-${text} (in the future)` : text;
}
