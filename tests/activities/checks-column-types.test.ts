// Dataset checks over the column types a load declares (numeric(p,s), varchar(n), uuid, timestamp, arrays), in any session time zone.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import type { CheckRelation } from '../../activities/checks/check-relation';
import { runChecks } from '../../activities/checks/run-checks';
import type { CheckSpec } from '../../core/checks/check-spec';
import { useTestDatabase } from '../support/test-database';
import { context } from './checks-fixtures';

const db = useTestDatabase(async (database) => {
  await database.pool.query(`
    CREATE SCHEMA typed;
    CREATE TABLE typed.sensors (sensor uuid PRIMARY KEY);
    INSERT INTO typed.sensors VALUES ('6f1c1a52-52a4-4d4b-9f0b-6c3ad1d0b9e1');
    CREATE TABLE typed.readings (
      sensor uuid, code varchar(8), qty smallint, amount numeric(12,2), score double precision,
      read_at timestamp, tags text[]);
    INSERT INTO typed.readings VALUES
      ('6f1c1a52-52a4-4d4b-9f0b-6c3ad1d0b9e1', 'a', 1, 10.25, 0.5, '2024-06-01 11:00:00', '{x}'),
      ('6f1c1a52-52a4-4d4b-9f0b-6c3ad1d0b9e1', 'b', 2, 99.99, 1.5, '2024-06-01 09:00:00', NULL),
      ('0b6d3a3e-8a7f-4c55-9d0f-3f1f6a2b7c11', 'b', -3, 100.01, 2.5, NULL, '{}');`);
});

/** Sessions in Tokyo: a check that read `timestamp` in the session's zone would be 9 hours off. */
let tokyo: pg.Pool | undefined;
const tokyoPool = () =>
  (tokyo ??= new pg.Pool({ connectionString: db.url, options: '-c TimeZone=Asia/Tokyo', max: 2 }));
after(() => tokyo?.end());

const readings: CheckRelation = { schema: 'typed', table: 'readings' };

async function outcomes(checks: CheckSpec[], step: string) {
  const set = await runChecks(tokyoPool(), {
    relation: readings,
    checks,
    context: context(step),
    asOf: new Date('2024-06-01T12:00:00Z'),
  });
  return set.results.map(({ name, status, observed }) => ({ name, status, observed }));
}

test('number checks read smallint, numeric(12,2) and double precision; value checks read uuid and varchar', async () => {
  assert.deepEqual(
    await outcomes(
      [
        { kind: 'accepted_range', column: 'qty', min: 0 },
        { kind: 'accepted_range', column: 'amount', max: 100 },
        { kind: 'accepted_range', column: 'score', min: 0.5, max: 2.5 },
        { kind: 'accepted_values', column: 'code', values: ['a', 'b'] },
        { kind: 'accepted_values', column: 'sensor', values: ['6f1c1a52-52a4-4d4b-9f0b-6c3ad1d0b9e1'] },
        { kind: 'relationships', column: 'sensor', to: 'typed.sensors', field: 'sensor' },
        { kind: 'unique', columns: ['sensor', 'code'] },
        { kind: 'not_null', column: 'tags' },
      ],
      'typed_values',
    ),
    [
      {
        name: 'accepted_range(qty)',
        status: 'fail',
        observed: { failingRows: 1, nonNumericRows: 0, examples: [-3] },
      },
      {
        name: 'accepted_range(amount)',
        status: 'fail',
        observed: { failingRows: 1, nonNumericRows: 0, examples: [100.01] },
      },
      {
        name: 'accepted_range(score)',
        status: 'pass',
        observed: { failingRows: 0, nonNumericRows: 0, examples: [] },
      },
      {
        name: 'accepted_values(code)',
        status: 'pass',
        observed: { failingRows: 0, failingValues: 0, examples: [] },
      },
      {
        name: 'accepted_values(sensor)',
        status: 'fail',
        observed: { failingRows: 1, failingValues: 1, examples: ['0b6d3a3e-8a7f-4c55-9d0f-3f1f6a2b7c11'] },
      },
      {
        name: 'relationships(sensor -> typed.sensors.sensor)',
        status: 'fail',
        observed: { failingRows: 1, failingValues: 1, examples: ['0b6d3a3e-8a7f-4c55-9d0f-3f1f6a2b7c11'] },
      },
      {
        name: 'unique(sensor, code)',
        status: 'pass',
        observed: { duplicateKeys: 0, duplicateRows: 0, examples: [] },
      },
      { name: 'not_null(tags)', status: 'fail', observed: { rows: 3, nullRows: 1 } },
    ],
  );
});

test('freshness reads a timestamp without a zone as UTC, whatever the session time zone', async () => {
  assert.deepEqual(
    await outcomes([{ kind: 'freshness', column: 'read_at', warnAfter: '2h' }], 'typed_fresh'),
    [
      {
        name: 'freshness(read_at)',
        status: 'pass',
        observed: { latest: '2024-06-01T11:00:00.000Z', ageSeconds: 3600 },
      },
    ],
  );
});
