// Mode 'replace': fills a new table, then swaps it for the old one at commit; readers see old or new, never a gap.
import { ident } from '../db/identifiers';
import { createTarget } from './create-target';
import { assertKeysPresent } from './input-checks';
import { insertFromStaging, insertParams } from './insert-sql';
import { copyGrants, dropReplaced, restoreIndexNames } from './swap-table';
import { ensureIndexes, listIndexes, wantedIndexes } from './target-indexes';
import { swapTableName } from './target-name';
import { addColumns, columnsToAdd } from './target-schema';
import { readTargetShape } from './target-shape';
import type { Writer } from './write-context';

/**
 * The new table is a copy of the old one's definition (`LIKE ... INCLUDING ALL`: columns, defaults,
 * constraints, indexes, comments) plus its grants, or, when there is no table yet, the declared one.
 * It is filled while readers keep reading the old table; only the final DROP + RENAME takes the old
 * table's exclusive lock, for the moment until COMMIT, after which waiting queries resolve the name
 * again and read the new table. (A REPEATABLE READ transaction whose snapshot predates the commit sees
 * the new table as empty: PostgreSQL's swap, like TRUNCATE, is not MVCC-safe for older snapshots.)
 * Triggers and row-level security policies are not carried over; a view or foreign key on the old
 * table refuses the swap with SluiceTargetConflict.
 */
export const writeReplace: Writer = async (ctx) => {
  const { client, target, name, input } = ctx;
  const swap = swapTableName(name);
  const shape = await readTargetShape(client, name.quoted);
  const wanted = wantedIndexes(target);
  await assertKeysPresent(ctx);
  if (shape) {
    const missing = columnsToAdd(target, input, shape);
    await client.query(`CREATE TABLE ${swap.quoted} (LIKE ${name.quoted} INCLUDING ALL)`);
    await addColumns(client, swap.quoted, missing);
  } else {
    await createTarget(client, target, swap, name.table);
  }
  await ensureIndexes(client, swap.quoted, shape ? swap.table : name.table, wanted);
  const inserted = await client.query(insertFromStaging(target, swap.quoted, ctx.staging), insertParams(ctx));
  if (shape) {
    const before = await listIndexes(client, name.quoted);
    await copyGrants(client, name.quoted, swap.quoted);
    await dropReplaced(client, name.quoted, target.table, input);
    await client.query(`ALTER TABLE ${swap.quoted} RENAME TO ${ident(name.table)}`);
    await restoreIndexNames(client, name, before, wanted);
  } else {
    await client.query(`ALTER TABLE ${swap.quoted} RENAME TO ${ident(name.table)}`);
  }
  return { written: inserted.rowCount ?? 0, details: { replacedOldTable: shape ? 1 : 0 } };
};
