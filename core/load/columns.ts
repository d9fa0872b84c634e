// Column types a pipeline declares, and the names they carry.

/**
 * A column type that is not an array. Sizes follow PostgreSQL: `varchar(n)` holds at most n characters,
 * `numeric(p,s)` p digits of which s after the point (`numeric(p)` is `numeric(p,0)`, bare `numeric`
 * any number), `time(p)`, `timestamp(p)` and `timestamptz(p)` keep p (0-6) fractional digits of a second.
 * `timestamp` has no zone (a wall-clock time, kept as written); `timestamptz` is an instant.
 */
export type ScalarColumnType =
  | 'text'
  | `varchar(${number})`
  | 'smallint'
  | 'integer'
  | 'bigint'
  | 'numeric'
  | `numeric(${number})`
  | `numeric(${number},${number})`
  | 'real'
  | 'double precision'
  | 'boolean'
  | 'date'
  | 'time'
  | `time(${number})`
  | 'timestamp'
  | `timestamp(${number})`
  | 'timestamptz'
  | `timestamptz(${number})`
  | 'interval'
  | 'uuid';

/**
 * Column types Sluice maps onto PostgreSQL types: a scalar type, an array of one (`text[]`, filled from
 * a JSON array or PostgreSQL's `{a,b}` text), or `jsonb`.
 */
export type ColumnType = ScalarColumnType | `${ScalarColumnType}[]` | 'jsonb';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
}
