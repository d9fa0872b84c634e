// Quotes SQL identifiers after checking them, so a name from a spec can never inject SQL.
import { escapeIdentifier } from 'pg';
import { nameProblem, tableNameProblem } from '../../core/pipeline/names';

/** A quoted identifier; throws when the name breaks Sluice's naming rules. */
export function ident(name: string): string {
  const problem = nameProblem(name);
  if (problem) throw new Error(`invalid SQL identifier: ${problem}`);
  return escapeIdentifier(name);
}

/** A quoted, optionally schema-qualified table name (`public` when no schema is given). */
export function tableIdent(name: string): string {
  const problem = tableNameProblem(name);
  if (problem) throw new Error(`invalid table name: ${problem}`);
  const [schema, table] = name.includes('.') ? name.split('.') : ['public', name];
  return `${escapeIdentifier(schema as string)}.${escapeIdentifier(table as string)}`;
}
