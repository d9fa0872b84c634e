// Fits an existing target to the step: refuses conflicts, adds columns under 'evolve', checks key indexes.
import type { LoadTarget } from '../../core/load/load-target';
import type { StepInput } from '../../core/run/run-types';
import { ident, tableIdent } from '../db/identifiers';
import { terminalFailure } from '../step-failure';
import { columnIdent } from './column-ident';
import { createTarget } from './create-target';
import { ensureIndexes, findUniqueIndex, listIndexes, wantedIndexes } from './target-indexes';
import { neededColumns, readTargetShape, type NeededColumn, type TargetShape } from './target-shape';
import { clashAdvice, typeClashes } from './type-clashes';
import type { Queryable, WriteContext } from './write-context';

const TABLE_KINDS = ['r', 'p'];
const quoteList = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * Compares an existing table with what the target needs. Throws SluiceTargetConflict for what no load
 * can fix; returns the needed columns the table lacks, which only `schemaChanges: 'evolve'` may add.
 */
export function columnsToAdd(target: LoadTarget, input: StepInput, shape: TargetShape): NeededColumn[] {
  const conflict = (problem: string, action: string) =>
    terminalFailure('SluiceTargetConflict', input, `target ${target.table} ${problem}`, action);
  if (!TABLE_KINDS.includes(shape.kind)) {
    throw conflict('exists but is not a table', 'Load into another table name, or drop that relation');
  }
  const needed = neededColumns(target);
  const clashes = typeClashes(needed, shape);
  if (clashes.length > 0) {
    throw conflict(
      `has columns of other types: ${clashes.map((c) => `column "${c.name}" is ${c.existing} in the table but declared ${c.sqlType}`).join('; ')}`,
      clashAdvice(clashes, tableIdent(target.table)),
    );
  }
  const neededNames = new Set(needed.map((c) => c.name));
  const undeclared = [...shape.columns.values()].filter((c) => c.required && !neededNames.has(c.name));
  if (undeclared.length > 0) {
    throw conflict(
      `has NOT NULL columns without a default that the step does not declare: ${quoteList(undeclared.map((c) => c.name))}`,
      'Declare them in target.columns, or give them a default in the table',
    );
  }
  const missing = needed.filter((c) => !shape.columns.has(c.name));
  const missingHistory = missing.filter((c) => c.origin === 'history');
  if (missingHistory.length > 0) {
    throw conflict(
      `is not a history table: it lacks ${quoteList(missingHistory.map((c) => c.name))}`,
      'Load mode "history" into a new table, which Sluice creates with valid_from, valid_to and is_current',
    );
  }
  if (missing.length > 0 && (target.schemaChanges ?? 'freeze') === 'freeze') {
    throw conflict(
      `lacks columns ${quoteList(missing.map((c) => c.name))} and target.schemaChanges is 'freeze'`,
      `Set schemaChanges: 'evolve' to let the load add them as nullable columns, or add them to the table yourself`,
    );
  }
  return missing;
}

/** ALTER TABLE ... ADD COLUMN for each column, nullable (existing rows have no value for it). */
export async function addColumns(client: Queryable, quoted: string, columns: readonly NeededColumn[]) {
  for (const c of columns) {
    await client.query(`ALTER TABLE ${quoted} ADD COLUMN IF NOT EXISTS ${columnIdent(c.name)} ${c.sqlType}`);
  }
}

/** Merge needs a unique index on the key for ON CONFLICT; history needs one on the key among current rows. */
async function assertKeyIndex(ctx: WriteContext): Promise<void> {
  const { client, target, name, input } = ctx;
  const key = target.key ?? [];
  const predicate = target.mode === 'history' ? 'is_current' : target.mode === 'merge' ? null : undefined;
  if (predicate === undefined) return;
  if (findUniqueIndex(await listIndexes(client, name.quoted), key, predicate)) return;
  const columns = key.map(ident).join(', ');
  throw terminalFailure(
    'SluiceTargetConflict',
    input,
    `target ${target.table} has no unique index on (${key.join(', ')})${predicate ? ` WHERE ${predicate}` : ''}, which mode "${target.mode}" needs`,
    `Add one (CREATE UNIQUE INDEX ON ${name.quoted} (${columns})${predicate ? ` WHERE ${predicate}` : ''}), or load into a new table`,
  );
}

/** Creates the target when missing, or fits the existing one; then creates missing declared indexes. */
export async function prepareTarget(ctx: WriteContext): Promise<void> {
  const { client, target, name, input } = ctx;
  const shape = await readTargetShape(client, name.quoted);
  if (!shape) {
    await createTarget(client, target, name);
  } else {
    await addColumns(client, name.quoted, columnsToAdd(target, input, shape));
    await assertKeyIndex(ctx);
  }
  await ensureIndexes(client, name, wantedIndexes(target));
}
