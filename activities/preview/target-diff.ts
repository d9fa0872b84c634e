// Compares a target with the scratch table a preview loaded: rows inserted, updated (by column) and deleted.
import type { LoadTarget } from '../../core/load/load-target';
import type { LoadPreview, PreviewRow, PreviewUpdate } from '../../core/run/load-preview';
import { ident } from '../db/identifiers';
import { sqlType } from '../load/column-sql';
import type { TargetName } from '../load/target-name';
import type { TargetShape } from '../load/target-shape';
import type { Queryable } from '../load/write-context';

/** How many example rows of each kind a preview keeps: enough to see, small enough for the run's result. */
const EXAMPLES = 3;

/** Longer values are cut in examples (to this many characters, then `…`): a run's result must stay small. */
const EXAMPLE_VALUE_CHARS = 200;

/** An example row with every long value cut; a long array or object becomes its cut JSON text. */
function clip(row: PreviewRow): PreviewRow {
  const cut = (text: string) =>
    text.length > EXAMPLE_VALUE_CHARS ? `${text.slice(0, EXAMPLE_VALUE_CHARS)}…` : undefined;
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => {
      if (typeof value === 'string') return [name, cut(value) ?? value];
      if (value !== null && typeof value === 'object') return [name, cut(JSON.stringify(value)) ?? value];
      return [name, value];
    }),
  );
}

export type TargetDiff = Pick<
  LoadPreview,
  'inserted' | 'updated' | 'deleted' | 'changedColumns' | 'examples'
>;

const DIFF = ident('sluice_preview_diff');

/**
 * The declared columns of a relation's current rows (a history table's current versions); a column the
 * target lacks yet reads as NULL, as an added column holds in existing rows.
 */
function currentRows(target: LoadTarget, from: string, shape?: TargetShape): string {
  const list = target.columns.map((c) =>
    !shape || shape.columns.has(c.name) ? ident(c.name) : `NULL::${sqlType(c.type)} AS ${ident(c.name)}`,
  );
  return `SELECT ${list.join(', ')} FROM ${from}${target.mode === 'history' ? ' WHERE is_current' : ''}`;
}

/**
 * Diffs `before` (the target; undefined when it does not exist) against `after` (the scratch table), in
 * the caller's transaction. With a key (and not for append), rows pair up by key; otherwise as whole rows.
 */
export async function diffTarget(
  client: Queryable,
  target: LoadTarget,
  after: TargetName,
  before?: { name: TargetName; shape: TargetShape },
): Promise<TargetDiff> {
  const now = currentRows(target, after.quoted);
  const old = before
    ? currentRows(target, before.name.quoted, before.shape)
    : `SELECT * FROM (${now}) e WHERE false`;
  const key = target.mode === 'append' ? [] : (target.key ?? []);
  return key.length > 0 ? diffByKey(client, target, key, old, now) : diffByRow(client, old, now);
}

async function diffByRow(client: Queryable, old: string, now: string): Promise<TargetDiff> {
  const side = async (from: string, without: string) => {
    const { rows } = await client.query<{ n: string; examples: PreviewRow[] | null }>(
      `SELECT count(*) AS n, (array_agg(to_jsonb(d)))[1:${EXAMPLES}] AS examples
         FROM (${from} EXCEPT ALL ${without}) d`,
    );
    return { count: Number(rows[0]?.n ?? 0), examples: (rows[0]?.examples ?? []).map(clip) };
  };
  const inserted = await side(now, old);
  const deleted = await side(old, now);
  return {
    inserted: inserted.count,
    updated: 0,
    deleted: deleted.count,
    changedColumns: {},
    examples: { inserted: inserted.examples, updated: [], deleted: deleted.examples },
  };
}

async function diffByKey(
  client: Queryable,
  target: LoadTarget,
  key: readonly string[],
  old: string,
  now: string,
): Promise<TargetDiff> {
  const keys = key.map(ident);
  const others = target.columns.map((c) => c.name).filter((n) => !key.includes(n));
  const keyObject = `jsonb_build_object(${key.map((k) => `'${k}', coalesce(a.${ident(k)}, b.${ident(k)})`).join(', ')})`;
  // Compared as jsonb: the values as the target holds them, so numeric 1.50 equals 1.5, as in merge's check.
  await client.query(`CREATE TEMP TABLE ${DIFF} ON COMMIT DROP AS
    SELECT CASE WHEN b IS NULL THEN 'inserted' WHEN a IS NULL THEN 'deleted'
                WHEN to_jsonb(a) <> to_jsonb(b) THEN 'updated' END AS kind,
           ${keyObject} AS key, to_jsonb(b) AS before, to_jsonb(a) AS after
      FROM (${old}) b FULL JOIN (${now}) a ON ${keys.map((k) => `b.${k} = a.${k}`).join(' AND ')}`);
  const changed = others.map(
    (n, i) =>
      `count(*) FILTER (WHERE kind = 'updated' AND before->'${n}' IS DISTINCT FROM after->'${n}') AS c${i}`,
  );
  const { rows: counts } = await client.query<Record<string, string>>(
    `SELECT count(*) FILTER (WHERE kind = 'inserted') AS inserted, count(*) FILTER (WHERE kind = 'updated') AS updated,
            count(*) FILTER (WHERE kind = 'deleted') AS deleted${changed.map((c) => `, ${c}`).join('')}
       FROM ${DIFF}`,
  );
  const count = counts[0] ?? {};
  const examples = async (kind: string) =>
    (
      await client.query<{ key: PreviewRow; before: PreviewRow | null; after: PreviewRow | null }>(
        `SELECT key, before, after FROM ${DIFF} WHERE kind = $1
          ORDER BY ${key.map((k) => `key->'${k}'`).join(', ')} LIMIT ${EXAMPLES}`,
        [kind],
      )
    ).rows;
  const updates: PreviewUpdate[] = (await examples('updated')).map(({ key: k, before, after }) => {
    const names = others.filter((n) => JSON.stringify(before?.[n]) !== JSON.stringify(after?.[n]));
    const pick = (row: PreviewRow | null) => Object.fromEntries(names.map((n) => [n, row?.[n] ?? null]));
    return { key: clip(k), before: clip(pick(before)), after: clip(pick(after)) };
  });
  return {
    inserted: Number(count.inserted ?? 0),
    updated: Number(count.updated ?? 0),
    deleted: Number(count.deleted ?? 0),
    changedColumns: Object.fromEntries(
      others.flatMap((n, i) => (Number(count[`c${i}`]) > 0 ? [[n, Number(count[`c${i}`])]] : [])),
    ),
    examples: {
      inserted: (await examples('inserted')).map((r) => clip(r.after ?? {})),
      updated: updates,
      deleted: (await examples('deleted')).map((r) => clip(r.before ?? {})),
    },
  };
}
