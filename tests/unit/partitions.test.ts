// Partition keys: validation, ranges and the partition a scheduled run loads, across DST and month ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartitionError } from '../../core/partitions/partition-error';
import type { PartitionSpec } from '../../core/partitions/partition-spec';
import {
  assertPartitionKey,
  listPartitionKeys,
  partitionForTime,
  partitionKeyProblem,
} from '../../core/partitions/partitions';

const daily: PartitionSpec = { kind: 'daily', start: '2026-01-01' };
const monthly: PartitionSpec = { kind: 'monthly', start: '2020-01' };
/** New York: clocks spring forward on 2026-03-08 at 02:00 and fall back on 2026-11-01 at 02:00. */
const nyHourly: PartitionSpec = { kind: 'hourly', start: '2020-01-01T00', timezone: 'America/New_York' };
const nyDaily: PartitionSpec = { kind: 'daily', start: '2020-01-01', timezone: 'America/New_York' };
const regions: PartitionSpec = { kind: 'static', values: ['eu', 'us', 'apac'] };
const at = (iso: string) => new Date(iso);

test('valid keys of each kind pass', () => {
  assert.equal(partitionKeyProblem(daily, '2026-11-01'), undefined);
  assert.equal(partitionKeyProblem(monthly, '2026-11'), undefined);
  assert.equal(partitionKeyProblem(nyHourly, '2026-11-01T05'), undefined);
  assert.equal(partitionKeyProblem(regions, 'apac'), undefined);
  assert.doesNotThrow(() => assertPartitionKey(daily, '2026-01-01'));
});

test('a malformed key names the format its kind expects', () => {
  assert.equal(
    partitionKeyProblem(daily, 'yesterday'),
    '"yesterday" is not a key of daily partitions: they look like 2026-11-01 (YYYY-MM-DD)',
  );
  assert.match(partitionKeyProblem(nyHourly, '2026-11-01') ?? '', /not a key of hourly partitions/);
  assert.match(partitionKeyProblem(monthly, '2026-11-01') ?? '', /not a key of monthly .*; write 2026-11$/);
  assert.equal(partitionKeyProblem(daily, '2026-02-30'), '"2026-02-30" is not a real date and time');
  assert.equal(partitionKeyProblem(daily, '2026-13-01'), '"2026-13-01" is not a real date and time');
  assert.equal(partitionKeyProblem(nyHourly, '2026-11-01T24'), '"2026-11-01T24" is not a real date and time');
});

test('a key inside a partition is refused as off the boundary', () => {
  assert.match(partitionKeyProblem(monthly, '2026-11-15') ?? '', /not on a boundary of monthly partitions/);
  assert.match(partitionKeyProblem(daily, '2026-11-01T05') ?? '', /not on a boundary of daily partitions/);
  assert.match(partitionKeyProblem(nyHourly, '2026-11-01T05:30') ?? '', /not on a boundary of hourly/);
});

test('keys before the start and unknown static values are refused', () => {
  assert.equal(
    partitionKeyProblem(daily, '2025-12-31'),
    '"2025-12-31" is before the first partition, 2026-01-01',
  );
  assert.equal(
    partitionKeyProblem(regions, 'mars'),
    '"mars" is not one of the pipeline\'s partitions: eu, us, apac',
  );
  assert.throws(() => assertPartitionKey(daily, '2025-12-31'), PartitionError);
});

test('an hour the clocks skip is not a key; the hour they repeat is one partition', () => {
  assert.match(
    partitionKeyProblem(nyHourly, '2026-03-08T02') ?? '',
    /"2026-03-08T02" does not exist in America\/New_York: the clocks skip that hour/,
  );
  assert.deepEqual(listPartitionKeys(nyHourly, '2026-03-08T00', '2026-03-08T04'), [
    '2026-03-08T00',
    '2026-03-08T01',
    '2026-03-08T03',
    '2026-03-08T04',
  ]);
  assert.deepEqual(listPartitionKeys(nyHourly, '2026-11-01T00', '2026-11-01T03'), [
    '2026-11-01T00',
    '2026-11-01T01',
    '2026-11-01T02',
    '2026-11-01T03',
  ]);
  assert.equal(listPartitionKeys(nyHourly, '2026-11-01T00', '2026-11-01T23').length, 24);
});

test('ranges cross month and year ends, leap days included', () => {
  assert.deepEqual(listPartitionKeys(daily, '2026-01-30', '2026-02-02'), [
    '2026-01-30',
    '2026-01-31',
    '2026-02-01',
    '2026-02-02',
  ]);
  assert.deepEqual(listPartitionKeys(daily, '2028-02-28', '2028-03-01'), [
    '2028-02-28',
    '2028-02-29',
    '2028-03-01',
  ]);
  assert.deepEqual(listPartitionKeys(monthly, '2026-11', '2027-02'), [
    '2026-11',
    '2026-12',
    '2027-01',
    '2027-02',
  ]);
  assert.deepEqual(listPartitionKeys(nyDaily, '2026-10-31', '2026-11-02'), [
    '2026-10-31',
    '2026-11-01',
    '2026-11-02',
  ]);
  assert.deepEqual(listPartitionKeys(daily, '2026-03-01', '2026-03-01'), ['2026-03-01']);
  assert.deepEqual(listPartitionKeys(regions, 'eu', 'us'), ['eu', 'us']);
});

test('backwards, too long and invalid ranges fail with the reason', () => {
  assert.throws(
    () => listPartitionKeys(daily, '2026-01-02', '2026-01-01'),
    new PartitionError('the range 2026-01-02..2026-01-01 runs backwards: 2026-01-02 comes after 2026-01-01'),
  );
  assert.throws(() => listPartitionKeys(regions, 'apac', 'eu'), /runs backwards/);
  assert.throws(
    () => listPartitionKeys(daily, '2026-01-01', '2060-01-01'),
    /the range 2026-01-01\.\.2060-01-01 holds more than 10,000 partitions; split it into smaller ranges/,
  );
  assert.equal(listPartitionKeys(daily, '2026-01-01', '2026-01-10', 10).length, 10);
  assert.throws(() => listPartitionKeys(daily, '2026-01-01', '2026-01-11', 10), /more than 10 partitions/);
  assert.throws(() => listPartitionKeys(daily, '2025-12-31', '2026-01-05'), /before the first partition/);
});

test('a scheduled run loads the partition before the one holding its time, by default', () => {
  assert.equal(partitionForTime(daily, at('2026-11-02T02:00:00Z'), -1), '2026-11-01');
  assert.equal(partitionForTime(daily, at('2026-03-01T02:00:00Z'), -1), '2026-02-28');
  assert.equal(partitionForTime(daily, at('2026-03-01T02:00:00Z'), 0), '2026-03-01');
  assert.equal(partitionForTime(daily, at('2026-03-01T02:00:00Z'), 2), '2026-03-03');
  assert.equal(partitionForTime(monthly, at('2027-01-01T03:00:00Z'), -1), '2026-12');
});

test('the time zone decides which day or month holds the scheduled time', () => {
  // 22:00 on Nov 1 in New York is already Nov 2 in UTC.
  assert.equal(partitionForTime(nyDaily, at('2026-11-02T03:00:00Z'), -1), '2026-10-31');
  assert.equal(partitionForTime(daily, at('2026-11-02T03:00:00Z'), -1), '2026-11-01');
  // 00:30 on Mar 1 in Berlin is still Feb 28 in UTC.
  const berlin: PartitionSpec = { kind: 'monthly', start: '2020-01', timezone: 'Europe/Berlin' };
  assert.equal(partitionForTime(berlin, at('2026-02-28T23:30:00Z'), -1), '2026-02');
  assert.equal(partitionForTime(monthly, at('2026-02-28T23:30:00Z'), -1), '2026-01');
});

test('hourly offsets step over the skipped hour and treat the repeated hour as one', () => {
  // 03:30 EDT on the spring-forward day: the hour before is 01, since 02 does not exist.
  assert.equal(partitionForTime(nyHourly, at('2026-03-08T07:30:00Z'), -1), '2026-03-08T01');
  assert.equal(partitionForTime(nyHourly, at('2026-03-08T06:30:00Z'), 1), '2026-03-08T03');
  // 01:30 happens twice on the fall-back day (05:30Z EDT, 06:30Z EST): both are partition T01.
  assert.equal(partitionForTime(nyHourly, at('2026-11-01T05:30:00Z'), 0), '2026-11-01T01');
  assert.equal(partitionForTime(nyHourly, at('2026-11-01T06:30:00Z'), 0), '2026-11-01T01');
  assert.equal(partitionForTime(nyHourly, at('2026-11-01T06:30:00Z'), -1), '2026-11-01T00');
  assert.equal(partitionForTime(nyHourly, at('2026-11-01T07:10:00Z'), -1), '2026-11-01T01');
  assert.equal(partitionForTime(nyHourly, at('2026-11-01T05:10:00Z'), 1), '2026-11-01T02');
});

test('no partition for static specs or before the start', () => {
  assert.throws(
    () => partitionForTime(regions, at('2026-11-01T00:00:00Z')),
    /static partitions have no time/,
  );
  assert.throws(
    () => partitionForTime(daily, at('2026-01-01T02:00:00Z'), -1),
    /loads partition 2025-12-31 \(offset -1\), before the first partition, 2026-01-01/,
  );
});
