// The INSERT statement for each load mode, reading typed columns out of a staging table.
import type { LoadTarget } from '../../core/load-target';
import { ident, tableIdent } from '../db/identifiers';
import { castFromStaging } from './column-sql';

/** SQL that writes the staged rows into the target; `$1` is the run id recorded on each row. */
export function writeSql(target: LoadTarget, stagingTable: string): string {
  const names = target.columns.map((c) => ident(c.name));
  const typed = `SELECT ${target.columns.map(castFromStaging).join(', ')}, _sluice_row FROM ${stagingTable}`;
  const insert = `INSERT INTO ${tableIdent(target.table)} AS t (${names.join(', ')}, _sluice_run_id, _sluice_loaded_at)`;
  if (target.mode === 'append') {
    return `${insert} SELECT ${names.join(', ')}, $1, now() FROM (${typed}) s ORDER BY _sluice_row`;
  }
  const key = (target.key ?? []).map(ident);
  const others = names.filter((n) => !key.includes(n));
  const latestPerKey = `SELECT DISTINCT ON (${key.join(', ')}) * FROM (${typed}) s ORDER BY ${key.join(', ')}, _sluice_row DESC`;
  const onConflict = others.length
    ? `DO UPDATE SET ${[...others, '_sluice_run_id', '_sluice_loaded_at'].map((n) => `${n} = EXCLUDED.${n}`).join(', ')}
       WHERE (${others.map((n) => `t.${n}`).join(', ')}) IS DISTINCT FROM (${others.map((n) => `EXCLUDED.${n}`).join(', ')})`
    : 'DO NOTHING';
  return `${insert}
    SELECT ${names.join(', ')}, $1, now() FROM (${latestPerKey}) latest
    ON CONFLICT (${key.join(', ')}) ${onConflict}`;
}
