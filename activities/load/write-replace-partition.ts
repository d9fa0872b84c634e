// Mode 'replace-partition': deletes the run's partition and inserts the input, in the load's transaction.
import { ident } from '../db/identifiers';
import { castExpression, castType } from './column-sql';
import { assertKeysPresent, assertRowsInPartition, runPartition } from './input-checks';
import { insertFromStaging, insertParams } from './insert-sql';
import { prepareTarget } from './target-schema';
import type { Writer } from './write-context';

/**
 * Rows whose partition column is empty get the run's partition; rows naming another partition are
 * refused, so the load never touches rows outside `partitionColumn = <run's partition>`. Readers see
 * the old partition until the commit and the new one after (MVCC), never a gap.
 */
export const writeReplacePartition: Writer = async (ctx) => {
  const { client, target, name } = ctx;
  const column = target.columns.find((c) => c.name === target.partitionColumn);
  if (!column) throw new Error(`partitionColumn "${target.partitionColumn}" is not declared`);
  const partition = await runPartition(ctx, column);
  await prepareTarget(ctx);
  await assertKeysPresent(ctx);
  await assertRowsInPartition(ctx, column, partition);
  const type = castType(column.type);
  const deleted = await client.query(`DELETE FROM ${name.quoted} WHERE ${ident(column.name)} = $1::${type}`, [
    partition,
  ]);
  const inserted = await client.query(
    insertFromStaging(target, name.quoted, ctx.staging, {
      [column.name]: `coalesce(${castExpression(column)}, $3::${type})`,
    }),
    [...insertParams(ctx), partition],
  );
  return { written: inserted.rowCount ?? 0, details: { deleted: deleted.rowCount ?? 0 } };
};
