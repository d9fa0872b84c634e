// Mode 'replace': empties the table and inserts the input in the load's transaction; readers see old or new, never a gap.
import { assertKeysPresent } from './input-checks';
import { emptyTarget } from './empty-target';
import { insertFromStaging, insertParams } from './insert-sql';
import { prepareTarget } from './target-schema';
import type { Writer } from './write-context';

/**
 * The table is emptied and refilled in place, never rebuilt, so it keeps what it had: row-level
 * security and policies, triggers, grants, comments, indexes, columns the step does not declare, and
 * the views on it. Triggers fire as declared: ON TRUNCATE ones once, INSERT ones for the new rows.
 * TRUNCATE holds the table's exclusive lock from the moment it runs until COMMIT: readers wait
 * meanwhile and then read the new rows, never an empty or half-filled table. (A REPEATABLE READ
 * transaction whose snapshot predates the commit sees the table as empty: TRUNCATE is not MVCC-safe
 * for older snapshots.)
 */
export const writeReplace: Writer = async (ctx) => {
  await prepareTarget(ctx);
  await assertKeysPresent(ctx);
  await emptyTarget(ctx);
  const inserted = await ctx.client.query(
    insertFromStaging(ctx.target, ctx.name.quoted, ctx.staging),
    insertParams(ctx),
  );
  return { written: inserted.rowCount ?? 0 };
};
