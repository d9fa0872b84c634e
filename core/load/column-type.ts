// Reads a declared column type: its name, sizes and whether it is an array, in one canonical spelling, or what is wrong.

/** The type names Sluice accepts, without sizes or `[]`. */
export type ColumnTypeName =
  | 'text'
  | 'varchar'
  | 'smallint'
  | 'integer'
  | 'bigint'
  | 'numeric'
  | 'real'
  | 'double precision'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'uuid'
  | 'jsonb';

/** What goes in a type's parentheses: nothing, a length, a precision and scale, or fractional digits. */
type Sizes = 'none' | 'length' | 'precision' | 'fraction';

const SIZES: Record<ColumnTypeName, Sizes> = {
  text: 'none',
  varchar: 'length',
  smallint: 'none',
  integer: 'none',
  bigint: 'none',
  numeric: 'precision',
  real: 'none',
  'double precision': 'none',
  boolean: 'none',
  date: 'none',
  time: 'fraction',
  timestamp: 'fraction',
  timestamptz: 'fraction',
  interval: 'none',
  uuid: 'none',
  jsonb: 'none',
};

const MAX_LENGTH = 10_485_760; // PostgreSQL's limit for varchar(n)
const MAX_PRECISION = 1000;
const MAX_FRACTION = 6;

/** The accepted types, as a definition error lists them. */
export const ACCEPTED_COLUMN_TYPES =
  "'text', 'varchar(n)', 'smallint', 'integer', 'bigint', 'numeric', 'numeric(p)', 'numeric(p,s)', 'real', " +
  "'double precision', 'boolean', 'date', 'time', 'timestamp', 'timestamptz' (these three also with 0-6 " +
  "fractional digits, e.g. 'timestamp(3)'), 'interval', 'uuid', 'jsonb', or an array of any of them but jsonb, " +
  "e.g. 'text[]'";

/** Other spellings people write (PostgreSQL's own, other databases'), and Sluice's name for each. */
const ALIASES: Record<string, ColumnTypeName> = {
  'character varying': 'varchar',
  string: 'text',
  int: 'integer',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  decimal: 'numeric',
  float: 'double precision',
  float4: 'real',
  float8: 'double precision',
  double: 'double precision',
  bool: 'boolean',
  'time without time zone': 'time',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  json: 'jsonb',
};

export interface ParsedColumnType {
  name: ColumnTypeName;
  /** varchar's length, numeric's precision, or a time type's fractional digits; absent when not given. */
  size?: number;
  /** numeric's digits after the point (0 when only a precision is given). */
  scale?: number;
  array: boolean;
  /** The one spelling of the type, e.g. `numeric(10,0)` for `numeric(10)`; also valid PostgreSQL. */
  canonical: string;
}

export type ColumnTypeReading = { type: ParsedColumnType } | { problem: string };

const SYNTAX = /^([a-z][a-z0-9]*(?: [a-z0-9]+)*)\s*(?:\(([^()]*)\))?\s*(\[\])?$/;

/**
 * Reads a declared type; the problem (when there is one) says what is wrong and what to write instead,
 * e.g. `numeric(2,5)`: "the scale (5) must be from 0 to the precision (2)".
 */
export function readColumnType(declared: unknown): ColumnTypeReading {
  if (typeof declared !== 'string') return { problem: 'is not a type name' };
  const match = SYNTAX.exec(declared.trim().replace(/\s+/g, ' '));
  if (!match) return { problem: 'is not a type Sluice knows' };
  const [, rawName = '', args, brackets] = match;
  const array = brackets !== undefined;
  if (!Object.hasOwn(SIZES, rawName)) {
    const alias = Object.hasOwn(ALIASES, rawName) ? ALIASES[rawName] : undefined;
    if (!alias) return { problem: 'is not a type Sluice knows' };
    const suggestion = `${alias}${args !== undefined ? `(${args})` : ''}${array ? '[]' : ''}`;
    const fixed = readColumnType(suggestion);
    return { problem: 'type' in fixed ? `is spelled '${fixed.type.canonical}' in Sluice` : fixed.problem };
  }
  const name = rawName as ColumnTypeName;
  if (name === 'jsonb' && array) return { problem: 'is not needed: a jsonb column holds JSON arrays itself' };
  const sizes = args === undefined ? [] : args.split(',').map((a) => a.trim());
  if (sizes.some((s) => !/^\d+$/.test(s))) {
    return { problem: `has a size that is not a whole number (write e.g. ${example(name)})` };
  }
  const sized = sizeProblem(name, sizes.map(Number));
  if (typeof sized === 'string') return { problem: sized };
  const suffix = sized.size === undefined ? '' : `(${[sized.size, sized.scale].filter(isNumber).join(',')})`;
  return { type: { name, ...sized, array, canonical: `${name}${suffix}${array ? '[]' : ''}` } };
}

const isNumber = (n: number | undefined): n is number => n !== undefined;

function example(name: ColumnTypeName): string {
  const kind = SIZES[name];
  if (kind === 'length') return `'${name}(20)'`;
  if (kind === 'precision') return `'${name}(12,2)'`;
  return kind === 'fraction' ? `'${name}(3)'` : `'${name}'`;
}

const between = (n: number, low: number, high: number) => n >= low && n <= high;

/** The sizes as numbers, or what is wrong with them. */
function sizeProblem(name: ColumnTypeName, sizes: number[]): { size?: number; scale?: number } | string {
  const [size, scale] = sizes;
  switch (SIZES[name]) {
    case 'none':
      return size === undefined ? {} : `takes no size in parentheses (write '${name}')`;
    case 'length':
      if (size === undefined || sizes.length > 1) {
        return `needs one length, e.g. 'varchar(20)' (or 'text' for any length)`;
      }
      return between(size, 1, MAX_LENGTH) ? { size } : `needs a length from 1 to ${MAX_LENGTH}`;
    case 'precision':
      if (sizes.length > 2) return "takes a precision and an optional scale, e.g. 'numeric(12,2)'";
      if (size === undefined) return {};
      if (!between(size, 1, MAX_PRECISION)) return `needs a precision from 1 to ${MAX_PRECISION}`;
      if (scale !== undefined && scale > size) {
        return `has a scale (${scale}) above its precision (${size}); the scale must be from 0 to the precision`;
      }
      return { size, scale: scale ?? 0 };
    case 'fraction':
      if (sizes.length > 1) return `takes one precision, e.g. '${name}(3)'`;
      if (size === undefined) return {};
      return between(size, 0, MAX_FRACTION)
        ? { size }
        : `needs a precision from 0 to ${MAX_FRACTION} (fractional digits of a second)`;
  }
}

/** The parsed type; throws for a type definePipeline would have refused. */
export function parseColumnType(declared: string): ParsedColumnType {
  const reading = readColumnType(declared);
  if ('problem' in reading) throw new Error(`column type "${declared}" ${reading.problem}`);
  return reading.type;
}
