// The INSERT ... SELECT every mode builds on: typed staged rows plus Sluice's metadata, in input order.
import type { LoadTarget } from '../../core/load/load-target';
import { ident } from '../db/identifiers';
import { typedSelect } from './column-sql';

/** Parameters every insert takes: `$1` the run tag, `$2` the load's instant. */
export const insertParams = (ctx: { runTag: string; loadedAt: string }) => [ctx.runTag, ctx.loadedAt];

/**
 * `INSERT INTO <into> (columns, _sluice_run_id, _sluice_loaded_at) SELECT ... FROM <staging>` in input
 * order. `override` replaces a column's expression (it may use `$3` and up).
 */
export function insertFromStaging(
  target: LoadTarget,
  into: string,
  staging: string,
  override: Record<string, string> = {},
): string {
  const names = target.columns.map((c) => ident(c.name)).join(', ');
  return `INSERT INTO ${into} (${names}, _sluice_run_id, _sluice_loaded_at)
    SELECT ${names}, $1, $2::timestamptz FROM (${typedSelect(target.columns, staging, override)}) s
    ORDER BY _sluice_row`;
}
