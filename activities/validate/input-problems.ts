// The fail-fast checks that run in SQL over the input before any row moves on: empty, missing columns, duplicate keys.
import type { Pool } from 'pg';
import type { DatasetRef } from '../../core/run/run-types';
import { ident } from '../db/identifiers';
import { STAGING_SCHEMA } from '../staging/staging-name';
import type { ResolvedContract } from './resolve-contract';

const EXAMPLES = 3;
const SHOWN_ROWS = 5;

/** Every reason the input cannot be validated at all; empty when the rows may go on to be judged one by one. */
export async function inputProblems(
  pool: Pool,
  ref: DatasetRef,
  contract: ResolvedContract,
): Promise<string[]> {
  if (ref.rows === 0) return ['the input has no rows'];
  const table = `${ident(STAGING_SCHEMA)}.${ident(ref.table)}`;
  const problems: string[] = [];
  const missing = await missingColumns(pool, table, contract.requiredColumns);
  if (missing.length > 0) {
    const present = await columnsPresent(pool, table);
    problems.push(
      `required ${missing.length === 1 ? 'column' : 'columns'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} in no row` +
        ` (the input's columns: ${present.join(', ') || 'none'})`,
    );
  }
  for (const column of contract.uniqueColumns.filter((c) => !missing.includes(c))) {
    const duplicates = await duplicateKeys(pool, table, column);
    if (duplicates) problems.push(duplicates);
  }
  return problems;
}

async function missingColumns(pool: Pool, table: string, columns: string[]): Promise<string[]> {
  if (columns.length === 0) return [];
  // EXISTS stops at the first row with the key, so present columns cost one row each.
  const { rows } = await pool.query<{ name: string }>(
    `SELECT u.name FROM unnest($1::text[]) WITH ORDINALITY AS u(name, position)
     WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.data ? u.name) ORDER BY u.position`,
    [columns],
  );
  return rows.map((r) => r.name);
}

async function columnsPresent(pool: Pool, table: string): Promise<string[]> {
  const { rows } = await pool.query<{ key: string }>(
    `SELECT key FROM (SELECT DISTINCT jsonb_object_keys(data) AS key FROM ${table}) k ORDER BY key LIMIT 21`,
  );
  const keys = rows.map((r) => r.key);
  return keys.length > 20 ? [...keys.slice(0, 20), '...'] : keys;
}

/** A sentence naming a few repeated values and their rows, or undefined when every value is unique. */
async function duplicateKeys(pool: Pool, table: string, column: string): Promise<string | undefined> {
  const { rows } = await pool.query<{
    value: string;
    n: number;
    row_numbers: string[];
    groups: number;
    total: string;
  }>(
    `SELECT value, n, row_numbers, count(*) OVER ()::int AS groups, sum(n) OVER () AS total
     FROM (SELECT data->>$1 AS value, count(*)::int AS n,
                  (array_agg(_sluice_row ORDER BY _sluice_row))[1:${SHOWN_ROWS}] AS row_numbers
           FROM ${table} WHERE data->>$1 !~ '^\\s*$' GROUP BY 1 HAVING count(*) > 1) d
     ORDER BY n DESC, value LIMIT ${EXAMPLES}`,
    [column],
  );
  const first = rows[0];
  if (!first) return undefined;
  const examples = rows.map((r) => {
    const more = r.n > r.row_numbers.length ? ', ...' : '';
    return `${shortText(r.value)} in rows ${r.row_numbers.map(Number).join(', ')}${more}`;
  });
  const values = first.groups === 1 ? '1 value repeats' : `${first.groups} values repeat`;
  return `${column} must be unique but ${values} (${Number(first.total)} rows): ${examples.join('; ')}${first.groups > rows.length ? '; ...' : ''}`;
}

function shortText(value: string): string {
  const text = JSON.stringify(value);
  return text.length > 42 ? `${text.slice(0, 39)}..."` : text;
}
