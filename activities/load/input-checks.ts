// Checks on the staged input that come before any write: every row has its key, rows fit the partition.
import type { ColumnSpec } from '../../core/load/columns';
import type { LoadTarget } from '../../core/load/load-target';
import type { StepInput } from '../../core/run/run-types';
import { terminalFailure } from '../step-failure';
import { castExpression, castType, sqlType } from './column-sql';
import type { WriteContext } from './write-context';

/** Refuses input with a row lacking a key column, naming the first such row and how many there are. */
export async function assertKeysPresent(ctx: WriteContext): Promise<void> {
  const key = ctx.target.key ?? [];
  if (key.length === 0) return;
  const missing = key.map((_, i) => `CASE WHEN data->>$${i + 1} IS NULL THEN $${i + 1} END`);
  const { rows } = await ctx.client.query<{ row: string; columns: string[]; total: string }>(
    `SELECT _sluice_row AS row, array_remove(ARRAY[${missing.join(', ')}]::text[], NULL) AS columns,
            count(*) OVER () AS total
       FROM ${ctx.staging}
      WHERE ${key.map((_, i) => `data->>$${i + 1} IS NULL`).join(' OR ')}
      ORDER BY _sluice_row LIMIT 1`,
    key,
  );
  const first = rows[0];
  if (!first) return;
  throw terminalFailure(
    'SluiceBadInput',
    ctx.input,
    `${first.total} input row(s) have no value for key column(s) ${first.columns.map((c) => `"${c}"`).join(', ')} of ${ctx.target.table} (first: input row ${first.row})`,
    `Every row needs its key for mode "${ctx.target.mode}": fix the source, or drop such rows in a validate step; the target was left unchanged`,
  );
}

/** A replace-partition load needs the run's partition; checked before anything is read or written. */
export function assertRunHasPartition(target: LoadTarget, input: StepInput): void {
  if (target.mode !== 'replace-partition' || (input.partition ?? '') !== '') return;
  throw terminalFailure(
    'SluiceBadInput',
    input,
    `mode "replace-partition" replaces one partition of ${target.table}, and this run has no partition`,
    `Start the run with a partition: the value of column "${target.partitionColumn}" whose rows it replaces`,
  );
}

/** The run's partition, checked to fit the partition column's type. */
export async function runPartition(ctx: WriteContext, column: ColumnSpec): Promise<string> {
  assertRunHasPartition(ctx.target, ctx.input);
  const partition = ctx.input.partition as string;
  await ctx.client.query('SAVEPOINT sluice_partition_check');
  try {
    await ctx.client.query(`SELECT $1::${castType(column.type)}`, [partition]);
    await ctx.client.query('RELEASE SAVEPOINT sluice_partition_check');
  } catch {
    await ctx.client.query('ROLLBACK TO SAVEPOINT sluice_partition_check');
    throw terminalFailure(
      'SluiceBadInput',
      ctx.input,
      `the run's partition "${partition}" is not a valid ${sqlType(column.type)} for column "${column.name}" of ${ctx.target.table}`,
      'Start the run with a partition the column can hold',
    );
  }
  return partition;
}

/** Refuses rows whose partition column holds another partition: the load may touch only its own. */
export async function assertRowsInPartition(ctx: WriteContext, column: ColumnSpec, partition: string) {
  const value = castExpression(column);
  const { rows } = await ctx.client.query<{ row: string; value: string; total: string }>(
    `SELECT _sluice_row AS row, data->>$1 AS value, count(*) OVER () AS total FROM ${ctx.staging}
      WHERE ${value} IS DISTINCT FROM $2::${castType(column.type)} AND data->>$1 IS NOT NULL
      ORDER BY _sluice_row LIMIT 1`,
    [column.name, partition],
  );
  const first = rows[0];
  if (!first) return;
  throw terminalFailure(
    'SluiceBadInput',
    ctx.input,
    `${first.total} input row(s) belong to another partition than "${partition}" (first: input row ${first.row} has "${column.name}" = "${first.value}")`,
    "A replace-partition load writes only its run's partition: filter the rows upstream, or run each partition separately; the target was left unchanged",
  );
}
