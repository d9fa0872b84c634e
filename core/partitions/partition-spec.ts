// How a pipeline's data splits into partitions: by day, hour or month in a time zone, or a fixed list.

export type TimePartitionKind = 'daily' | 'hourly' | 'monthly';

/**
 * Time partitions keyed by their local start: daily `2026-11-01`, hourly `2026-11-01T05`, monthly `2026-11`.
 * @example { kind: 'daily', start: '2026-01-01', timezone: 'Europe/Berlin' }
 */
export interface TimePartitionSpec {
  kind: TimePartitionKind;
  /** The first partition, written as a key of this kind; earlier keys are refused. */
  start: string;
  /** IANA time zone whose calendar the keys follow; default 'UTC'. */
  timezone?: string;
}

/**
 * A fixed list of partitions, keyed by the values themselves, in this order.
 * @example { kind: 'static', values: ['eu', 'us', 'apac'] }
 */
export interface StaticPartitionSpec {
  kind: 'static';
  values: string[];
}

export type PartitionSpec = TimePartitionSpec | StaticPartitionSpec;

/** Time partitions follow UTC unless the spec names a zone. */
export const DEFAULT_PARTITION_TIMEZONE = 'UTC';

/** A range longer than this is refused: a backfill of it would be a mistake more often than not. */
export const MAX_PARTITIONS_IN_RANGE = 10_000;

/** Static values become workflow ids and search attribute values: short, plain, no slashes. */
export const STATIC_VALUE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const timezoneOf = (spec: TimePartitionSpec): string => spec.timezone ?? DEFAULT_PARTITION_TIMEZONE;
