// Reads an existing target's columns from the catalog, and lists the columns a target must have.
import type { ColumnSpec } from '../../core/load/columns';
import { HISTORY_COLUMNS, METADATA_COLUMNS, type LoadTarget } from '../../core/load/load-target';
import { sqlType } from './column-sql';
import type { Queryable } from './write-context';

export interface ExistingColumn {
  name: string;
  /** format_type's spelling, with modifiers: `numeric(10,2)`, `character varying(20)`, `text[]`. */
  type: string;
  /** NOT NULL with no default, identity or generated value: an insert must name it. */
  required: boolean;
}

export interface TargetShape {
  /** `r` table, `p` partitioned table, `v` view, ... */
  kind: string;
  columns: Map<string, ExistingColumn>;
}

/** The target's shape, or undefined when no relation of that name exists. */
export async function readTargetShape(client: Queryable, quoted: string): Promise<TargetShape | undefined> {
  const relation = await client.query<{ kind: string }>(
    'SELECT relkind::text AS kind FROM pg_class WHERE oid = to_regclass($1)',
    [quoted],
  );
  const kind = relation.rows[0]?.kind;
  if (kind === undefined) return undefined;
  const { rows } = await client.query<ExistingColumn>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type,
            attnotnull AND NOT atthasdef AND attidentity = '' AND attgenerated = '' AS required
       FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped
      ORDER BY attnum`,
    [quoted],
  );
  return { kind, columns: new Map(rows.map((r) => [r.name, r])) };
}

/** Where a column a target needs comes from: the step, Sluice's metadata, or the history mode. */
export type ColumnOrigin = 'declared' | 'metadata' | 'history';

export interface NeededColumn {
  name: string;
  /** The SQL type to create it with; also the canonical Sluice type an existing column must have. */
  sqlType: string;
  origin: ColumnOrigin;
  /** NOT NULL in a table Sluice creates. */
  notNull: boolean;
}

const column = (spec: ColumnSpec, origin: ColumnOrigin, notNull: boolean): NeededColumn => ({
  name: spec.name,
  sqlType: sqlType(spec.type),
  origin,
  notNull,
});

/** Every column the target needs, in the order a created table has them. */
export function neededColumns(target: LoadTarget): NeededColumn[] {
  const keys = new Set(target.key ?? []);
  const declared = target.columns.map((c) => column(c, 'declared', keys.has(c.name)));
  const history: NeededColumn[] =
    target.mode === 'history'
      ? [
          column({ name: HISTORY_COLUMNS[0], type: 'timestamptz' }, 'history', true),
          column({ name: HISTORY_COLUMNS[1], type: 'timestamptz' }, 'history', false),
          column({ name: HISTORY_COLUMNS[2], type: 'boolean' }, 'history', true),
        ]
      : [];
  const metadata = [
    column({ name: METADATA_COLUMNS[0], type: 'text' }, 'metadata', true),
    column({ name: METADATA_COLUMNS[1], type: 'timestamptz' }, 'metadata', true),
  ];
  return [...declared, ...history, ...metadata];
}
