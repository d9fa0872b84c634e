// Mode 'append': inserts every staged row; a new run appends again (the ledger stops a repeat of one run).
import { assertKeysPresent } from './input-checks';
import { insertFromStaging, insertParams } from './insert-sql';
import { prepareTarget } from './target-schema';
import type { Writer } from './write-context';

export const writeAppend: Writer = async (ctx) => {
  await prepareTarget(ctx);
  await assertKeysPresent(ctx);
  const inserted = await ctx.client.query(
    insertFromStaging(ctx.target, ctx.name.quoted, ctx.staging),
    insertParams(ctx),
  );
  return { written: inserted.rowCount ?? 0 };
};
