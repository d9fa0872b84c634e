// The shape of a data contract: the columns a dataset promises, their rules, and who owns it.
import type { DurationSpec } from '../pipeline/durations';

/** Column types a contract may declare; typed sources must send values of the type, text (CSV) is read as it. */
export const CONTRACT_COLUMN_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'timestamp',
  'email',
  'uuid',
] as const;

export type ContractColumnType = (typeof CONTRACT_COLUMN_TYPES)[number];

/** A value an `enum` may list. */
export type ContractScalar = string | number | boolean;

export interface ContractColumn {
  /** Lower snake case; it becomes a SQL identifier when the dataset is loaded. */
  name: string;
  type: ContractColumnType;
  description?: string;
  /**
   * A missing value rejects the row; default false. Null and absent are missing; so is blank text from a
   * text source (CSV), or from a typed source in a column that coerces.
   */
  required: boolean;
  /** Read this column's typed values as its type, as text is read; default the contract's `coerce`. */
  coerce?: boolean;
  /** Two rows with the same non-blank value fail the step before any row moves on; default false. */
  unique: boolean;
  /** The only values allowed, each of the column's type. */
  enum?: ContractScalar[];
  /** Inclusive bounds for integer and number columns. */
  min?: number;
  max?: number;
  /** Inclusive bounds on the length of string, email and uuid values. */
  minLength?: number;
  maxLength?: number;
  /**
   * A JavaScript regular expression (unicode mode, unanchored: use ^…$ to match the whole value), run by RE2 in
   * time linear in the value: no backreferences or lookaround, at most 1,000 characters.
   */
  pattern?: string;
}

/** How recent the newest value of a date or timestamp column must be. */
export interface ContractFreshness {
  column: string;
  /** Older than this: a warning. */
  warnThreshold?: DurationSpec;
  /** Older than this: an error. */
  errorThreshold?: DurationSpec;
}

export interface ContractSpec {
  /** The dataset this contract describes, e.g. `stg_orders`. */
  dataset?: string;
  description: string;
  /** A team or person to contact when the contract breaks. */
  owner: string;
  columns: ContractColumn[];
  freshness?: ContractFreshness;
  /**
   * Read typed values (JSON, APIs, PostgreSQL) as the declared types, as CSV text is read (`"8745"` is then
   * an integer); default false: a typed value must already be of its column's type.
   */
  coerce?: boolean;
}
