// The parts of a table swap: carrying grants over, dropping the old table, and restoring index names.
import { escapeIdentifier } from 'pg';
import type { StepInput } from '../../core/run/run-types';
import { ident } from '../db/identifiers';
import { SQLSTATE } from '../db/sqlstate';
import { terminalFailure } from '../step-failure';
import { listIndexes, type ExistingIndex } from './target-indexes';
import { currentKeyName, indexName, primaryKeyName, type TargetName } from './target-name';
import type { Queryable } from './write-context';

const PRIVILEGES = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'TRUNCATE',
  'REFERENCES',
  'TRIGGER',
  'MAINTAIN',
]);

/** Grants the new table what the old one granted to others, so readers keep their access after the swap. */
export async function copyGrants(client: Queryable, from: string, to: string): Promise<void> {
  const { rows } = await client.query<{ privilege: string; grantee: string | null; grantable: boolean }>(
    `SELECT a.privilege_type AS privilege, a.is_grantable AS grantable,
            CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END AS grantee
       FROM pg_class c, aclexplode(c.relacl) a
      WHERE c.oid = to_regclass($1) AND a.grantee <> c.relowner`,
    [from],
  );
  for (const { privilege, grantee, grantable } of rows) {
    if (!PRIVILEGES.has(privilege)) continue;
    // Role names come from the catalog, not from a spec, and need not follow Sluice's naming rules.
    const to_ = grantee === null ? 'PUBLIC' : escapeIdentifier(grantee);
    await client.query(`GRANT ${privilege} ON ${to} TO ${to_}${grantable ? ' WITH GRANT OPTION' : ''}`);
  }
}

/** Drops the old table; a view or foreign key that depends on it makes the swap impossible. */
export async function dropReplaced(client: Queryable, quoted: string, target: string, input: StepInput) {
  await client.query('SAVEPOINT sluice_drop_replaced');
  try {
    await client.query(`DROP TABLE ${quoted}`);
    await client.query('RELEASE SAVEPOINT sluice_drop_replaced');
  } catch (err) {
    if ((err as { code?: string }).code !== SQLSTATE.dependentObjectsStillExist) throw err;
    await client.query('ROLLBACK TO SAVEPOINT sluice_drop_replaced');
    const detail = (err as { detail?: string }).detail ?? (err as Error).message;
    throw terminalFailure(
      'SluiceTargetConflict',
      input,
      `mode "replace" swaps in a new ${target}, but other objects depend on the old one (${detail.replaceAll('\n', '; ')})`,
      'Drop or re-point those objects (views, foreign keys, serial defaults), or load with mode "replace-partition" or "merge"',
    );
  }
}

/**
 * After the swap the new table's indexes carry names derived from the swap table. Each gets the name
 * its twin had on the old table; the rest the deterministic names Sluice gives new indexes.
 */
export async function restoreIndexNames(
  client: Queryable,
  final: TargetName,
  before: readonly ExistingIndex[],
  declared: readonly string[][],
): Promise<void> {
  const unclaimed = [...before];
  for (const index of await listIndexes(client, final.quoted)) {
    const twin = unclaimed.findIndex((old) => old.shape === index.shape && old.unique === index.unique);
    const wanted =
      twin >= 0
        ? unclaimed.splice(twin, 1)[0]?.name
        : index.primary
          ? primaryKeyName(final.table)
          : index.predicate === 'is_current'
            ? currentKeyName(final.table)
            : declared.some((cols) => cols.join(',') === index.columns.join(','))
              ? indexName(final.table, index.columns)
              : undefined;
    if (wanted && wanted !== index.name) {
      await client.query(
        `ALTER INDEX ${ident(final.schema)}.${escapeIdentifier(index.name)} RENAME TO ${escapeIdentifier(wanted)}`,
      );
    }
  }
}
