// Mode 'merge': upsert on the key; duplicate keys collapse to the last row by input order; unchanged rows stay.
import { ident } from '../db/identifiers';
import { typedSelect } from './column-sql';
import { assertKeysPresent } from './input-checks';
import { insertParams } from './insert-sql';
import { prepareTarget } from './target-schema';
import type { WriteContext, Writer } from './write-context';

/**
 * One INSERT ... ON CONFLICT: DISTINCT ON keeps the highest `_sluice_row` per key, and the DO UPDATE's
 * WHERE skips rows whose values are all equal, so an unchanged row keeps its old `_sluice_run_id`
 * and is not rewritten (no dead tuple, no WAL).
 */
export function mergeSql({
  target,
  name,
  staging,
}: Pick<WriteContext, 'target' | 'name' | 'staging'>): string {
  const names = target.columns.map((c) => ident(c.name));
  const key = (target.key ?? []).map(ident);
  const others = names.filter((n) => !key.includes(n));
  const latestPerKey = `SELECT DISTINCT ON (${key.join(', ')}) * FROM (${typedSelect(target.columns, staging)}) s
    ORDER BY ${key.join(', ')}, _sluice_row DESC`;
  const onConflict = others.length
    ? `DO UPDATE SET ${[...others, '_sluice_run_id', '_sluice_loaded_at'].map((n) => `${n} = EXCLUDED.${n}`).join(', ')}
       WHERE (${others.map((n) => `t.${n}`).join(', ')}) IS DISTINCT FROM (${others.map((n) => `EXCLUDED.${n}`).join(', ')})`
    : 'DO NOTHING';
  return `INSERT INTO ${name.quoted} AS t (${names.join(', ')}, _sluice_run_id, _sluice_loaded_at)
    SELECT ${names.join(', ')}, $1, $2::timestamptz FROM (${latestPerKey}) latest
    ON CONFLICT (${key.join(', ')}) ${onConflict}`;
}

export const writeMerge: Writer = async (ctx) => {
  await prepareTarget(ctx);
  await assertKeysPresent(ctx);
  const upserted = await ctx.client.query(mergeSql(ctx), insertParams(ctx));
  return { written: upserted.rowCount ?? 0 };
};
