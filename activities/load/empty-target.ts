// Empties an existing target for a `replace` load, or refuses, naming what stands in the way and what to do.
import { terminalFailure } from '../step-failure';
import type { WriteContext } from './write-context';

/**
 * TRUNCATE, in the load's transaction: the table stays the same relation, so everything attached to it
 * (row-level security and its policies, triggers, grants, comments, indexes, views on it) stays as it
 * was. Its ON TRUNCATE triggers fire; ON DELETE triggers do not. Refused first, each saying what to do:
 * a table other tables' foreign keys reference (emptying it would orphan their rows), a role without
 * the TRUNCATE privilege, and a table whose row-level security applies to the role (TRUNCATE ignores
 * policies, so it would remove rows they hide from the role).
 */
export async function emptyTarget({ client, target, name, input }: WriteContext): Promise<void> {
  const refusal = (problem: string, action: string) =>
    terminalFailure(
      'SluiceTargetConflict',
      input,
      `mode "replace" empties ${target.table}, ${problem}`,
      action,
    );
  const { rows: references } = await client.query<{ constraint: string; referencing: string }>(
    `SELECT conname AS constraint, conrelid::regclass::text AS referencing
       FROM pg_constraint
      WHERE contype = 'f' AND confrelid = to_regclass($1) AND conrelid <> confrelid
      ORDER BY 2, 1`,
    [name.quoted],
  );
  if (references.length > 0) {
    throw refusal(
      `but foreign keys in other tables reference it: ${references.map((r) => `"${r.constraint}" on ${r.referencing}`).join(', ')}`,
      'Drop those foreign keys, or load with mode "merge" or "replace-partition", which keep the rows they reference; the target was left unchanged',
    );
  }
  const { rows: role } = await client.query<{ may: boolean; policed: boolean }>(
    `SELECT has_table_privilege(t, 'TRUNCATE') AS may, row_security_active(t) AS policed FROM to_regclass($1) t`,
    [name.quoted],
  );
  if (!role[0]?.may) {
    throw refusal(
      "with TRUNCATE, and the worker's role may not truncate it",
      `GRANT TRUNCATE ON ${name.quoted} TO the worker's role, then retry the step; the target was left unchanged`,
    );
  }
  if (role[0].policed) {
    throw refusal(
      "but its row-level security policies apply to the worker's role, and TRUNCATE would also remove the rows they hide from it",
      'Load with mode "merge" or "replace-partition", which see only the rows the policies let them, or exempt the role ' +
        '(let it own the table without FORCE ROW LEVEL SECURITY); the target was left unchanged',
    );
  }
  await client.query(`TRUNCATE ${name.quoted}`);
}
