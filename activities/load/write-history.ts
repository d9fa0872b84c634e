// Mode 'history' (SCD type 2): a changed row closes its current version and adds a new one; nothing is overwritten.
import { ident } from '../db/identifiers';
import { typedSelect } from './column-sql';
import { assertKeysPresent } from './input-checks';
import { insertParams } from './insert-sql';
import { prepareTarget } from './target-schema';
import type { WriteContext, Writer } from './write-context';

/**
 * Every version carries `valid_from` (the load that wrote it) and `valid_to` (the load that replaced
 * it, NULL while current): the half-open range [valid_from, valid_to). `is_current` marks the open one.
 * The table as it was at a moment `$1`:
 *
 *   SELECT * FROM dim_customers
 *    WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1);
 *
 * and as it is now: `SELECT * FROM dim_customers WHERE is_current`.
 * Rows absent from the input stay current unless `closeMissing: true`; a key that comes back after being
 * closed gets a new version. `_sluice_run_id` is the run that wrote a version; closing one does not change it.
 */
const INPUT = ident('sluice_history_input');

function sql({ target, name, staging }: Pick<WriteContext, 'target' | 'name' | 'staging'>) {
  const names = target.columns.map((c) => ident(c.name));
  const key = (target.key ?? []).map(ident);
  const others = names.filter((n) => !key.includes(n));
  const on = (a: string, b: string) => key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
  const close = `UPDATE ${name.quoted} AS t SET valid_to = $1::timestamptz, is_current = false`;
  return {
    stage: `CREATE TEMP TABLE ${INPUT} ON COMMIT DROP AS
      SELECT DISTINCT ON (${key.join(', ')}) ${names.join(', ')} FROM (${typedSelect(target.columns, staging)}) s
      ORDER BY ${key.join(', ')}, _sluice_row DESC`,
    closeChanged: others.length
      ? `${close} FROM ${INPUT} i WHERE t.is_current AND ${on('t', 'i')}
          AND (${others.map((n) => `t.${n}`).join(', ')}) IS DISTINCT FROM (${others.map((n) => `i.${n}`).join(', ')})`
      : undefined,
    closeMissing: `${close} WHERE t.is_current AND NOT EXISTS (SELECT 1 FROM ${INPUT} i WHERE ${on('t', 'i')})`,
    insertNew: `INSERT INTO ${name.quoted} (${names.join(', ')}, valid_from, valid_to, is_current, _sluice_run_id, _sluice_loaded_at)
      SELECT ${names.map((n) => `i.${n}`).join(', ')}, $2::timestamptz, NULL, true, $1, $2::timestamptz FROM ${INPUT} i
      WHERE NOT EXISTS (SELECT 1 FROM ${name.quoted} t WHERE t.is_current AND ${on('t', 'i')})`,
  };
}

export const writeHistory: Writer = async (ctx) => {
  const { client, target, loadedAt } = ctx;
  await prepareTarget(ctx);
  await assertKeysPresent(ctx);
  const statements = sql(ctx);
  await client.query(statements.stage);
  await client.query(`ANALYZE ${INPUT}`);
  const changed = statements.closeChanged
    ? await client.query(statements.closeChanged, [loadedAt])
    : undefined;
  const missing = target.closeMissing ? await client.query(statements.closeMissing, [loadedAt]) : undefined;
  const inserted = await client.query(statements.insertNew, insertParams(ctx));
  const closed = (changed?.rowCount ?? 0) + (missing?.rowCount ?? 0);
  return {
    written: closed + (inserted.rowCount ?? 0),
    details: {
      versionsAdded: inserted.rowCount ?? 0,
      versionsClosed: closed,
      closedMissing: missing?.rowCount ?? 0,
    },
  };
};
