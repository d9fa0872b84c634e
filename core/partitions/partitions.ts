// A pipeline's partition keys: checking one, listing a range, and finding the one a scheduled run loads.
import { PartitionError } from './partition-error';
import { formatKey, parseKey } from './partition-keys';
import {
  MAX_PARTITIONS_IN_RANGE,
  timezoneOf,
  type PartitionSpec,
  type StaticPartitionSpec,
  type TimePartitionSpec,
} from './partition-spec';
import { partitionStart, shiftPartition } from './partition-steps';
import { firstInstantOf, wallHourAt, type WallHour } from './zoned-time';

function staticKeyProblem(spec: StaticPartitionSpec, key: string): string | undefined {
  if (spec.values.includes(key)) return undefined;
  const known = spec.values.slice(0, 20).join(', ') + (spec.values.length > 20 ? ', …' : '');
  return `"${key}" is not one of the pipeline's partitions: ${known}`;
}

/** Why `key` is not written as a key of this kind, or names an hour the time zone skips. */
export function timeKeyProblem(spec: TimePartitionSpec, key: string): string | undefined {
  const wall = parseKey(spec.kind, key);
  if ('problem' in wall) return wall.problem;
  const timeZone = timezoneOf(spec);
  if (spec.kind === 'hourly' && firstInstantOf(wall, timeZone) === undefined) {
    return `"${key}" does not exist in ${timeZone}: the clocks skip that hour when daylight saving time starts`;
  }
  return undefined;
}

/** Why `key` is not a partition of `spec` (malformed, off a boundary, before the start), or undefined. */
export function partitionKeyProblem(spec: PartitionSpec, key: string): string | undefined {
  if (spec.kind === 'static') return staticKeyProblem(spec, key);
  const problem = timeKeyProblem(spec, key);
  if (problem) return problem;
  return key < spec.start ? `"${key}" is before the first partition, ${spec.start}` : undefined;
}

/** Throws PartitionError, with the reason, when `key` is not a partition of `spec`. */
export function assertPartitionKey(spec: PartitionSpec, key: string): void {
  const problem = partitionKeyProblem(spec, key);
  if (problem) throw new PartitionError(problem);
}

/**
 * Every key from `from` to `to`, both included, in order. Throws PartitionError when either is not a key,
 * `from` comes after `to`, or the range holds more than `limit` partitions (default 10,000).
 */
export function listPartitionKeys(
  spec: PartitionSpec,
  from: string,
  to: string,
  limit = MAX_PARTITIONS_IN_RANGE,
): string[] {
  assertPartitionKey(spec, from);
  assertPartitionKey(spec, to);
  const backwards = () =>
    new PartitionError(`the range ${from}..${to} runs backwards: ${from} comes after ${to}`);
  const tooMany = () =>
    new PartitionError(
      `the range ${from}..${to} holds more than ${limit.toLocaleString('en-US')} partitions; split it into smaller ranges`,
    );
  if (spec.kind === 'static') {
    const [first, last] = [spec.values.indexOf(from), spec.values.indexOf(to)];
    if (first > last) throw backwards();
    if (last - first + 1 > limit) throw tooMany();
    return spec.values.slice(first, last + 1);
  }
  if (from > to) throw backwards();
  const keys = [from];
  let wall = parseKey(spec.kind, from) as WallHour;
  while ((keys.at(-1) as string) < to) {
    wall = shiftPartition(spec.kind, wall, 1, timezoneOf(spec));
    keys.push(formatKey(spec.kind, wall));
    if (keys.length > limit) throw tooMany();
  }
  return keys;
}

/**
 * The partition a run scheduled at `time` loads: the one holding `time` in the spec's time zone, moved by
 * `offset` partitions (-1: a daily run at 02:00 loads yesterday). Throws PartitionError for static specs
 * and for a result before the first partition.
 */
export function partitionForTime(spec: PartitionSpec, time: Date, offset = 0): string {
  if (spec.kind === 'static') {
    throw new PartitionError('static partitions have no time: a scheduled run cannot pick one of them');
  }
  const timeZone = timezoneOf(spec);
  const holding = partitionStart(spec.kind, wallHourAt(time.getTime(), timeZone));
  const key = formatKey(spec.kind, shiftPartition(spec.kind, holding, offset, timeZone));
  if (key < spec.start) {
    throw new PartitionError(
      `a run scheduled at ${time.toISOString()} loads partition ${key} (offset ${offset}), before the first partition, ${spec.start}`,
    );
  }
  return key;
}
