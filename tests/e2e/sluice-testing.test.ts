// sluice/testing as a user's test file uses it: runs load rows, a failed run says why, servers can be reused,
// a project is found and loaded, and bad input is refused before anything starts.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { definePipeline } from '../../core/pipeline/define-pipeline';
import { RunFailedError, startSluiceTest, useSluiceTest } from '../../testing';
import { csvPipeline, SLUICE_API, writeProject } from '../support/temp-project';

/** Cities from a CSV, checked against `contract` (a file in the base dir), merged into `table` on city_id. */
const citiesPipeline = (name: string, contract: string, table: string) =>
  definePipeline({
    name,
    description: `cities into ${table}`,
    owner: 'tests',
    steps: [
      { kind: 'fetch', id: 'fetch_cities_csv', source: { kind: 'file', path: 'cities.csv', format: 'csv' } },
      { kind: 'validate', id: 'validate_cities', input: 'fetch_cities_csv', contract: { file: contract } },
      {
        kind: 'load',
        id: 'load_cities_dim',
        input: 'validate_cities',
        target: {
          table,
          mode: 'merge',
          key: ['city_id'],
          columns: [
            { name: 'city_id', type: 'integer' },
            { name: 'name', type: 'text' },
            { name: 'population', type: 'bigint' },
          ],
        },
      },
    ],
  });

const contract = (minPopulation: number) => `dataset: stg_cities
description: Cities and their population.
owner: tests
columns:
  - { name: city_id, type: integer, required: true, unique: true }
  - { name: name, type: string, required: true }
  - { name: population, type: integer, required: true, min: ${minPopulation} }
`;

const cities = citiesPipeline('cities_csv', 'cities.yml', 'dim_cities');
const megacities = citiesPipeline('megacities_csv', 'megacities.yml', 'dim_megacities');
const catalog = new Map([cities, megacities].map((p) => [p.name, p]));

const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-testing-'));
writeFileSync(
  path.join(dir, 'cities.csv'),
  'city_id,name,population\n1,Lisbon,545000\n2,Porto,232000\n3,Braga,193000\n',
);
writeFileSync(path.join(dir, 'cities.yml'), contract(0));
writeFileSync(path.join(dir, 'megacities.yml'), contract(10_000_000));
const sluice = useSluiceTest({ catalog, baseDir: dir });
after(() => rm(dir, { recursive: true, force: true }));

test('run loads the rows to completion and db shows them in the target table', async () => {
  const summary = await sluice.run('cities_csv');
  assert.equal(summary.status, 'succeeded');
  assert.deepEqual(
    summary.steps.map((s) => [s.id, s.status, s.rowsOut]),
    [
      ['fetch_cities_csv', 'succeeded', 3],
      ['validate_cities', 'succeeded', 3],
      ['load_cities_dim', 'succeeded', 3],
    ],
  );
  const { rows } = await sluice.db.query('SELECT city_id, name FROM dim_cities ORDER BY city_id');
  assert.deepEqual(rows, [
    { city_id: 1, name: 'Lisbon' },
    { city_id: 2, name: 'Porto' },
    { city_id: 3, name: 'Braga' },
  ]);
  const [total] = await sluice.query<{ people: string }>('SELECT sum(population) AS people FROM dim_cities');
  assert.equal(total?.people, '970000');
});

test('a failed run rejects with the failing step, its error and every step of the table', async () => {
  const failure = await sluice.run('megacities_csv').then(
    () => assert.fail('the run should have failed'),
    (err: unknown) => err,
  );
  assert.ok(failure instanceof RunFailedError);
  const [reason, ...steps] = failure.message.split('\n');
  assert.match(
    reason ?? '',
    /^pipeline megacities_csv failed \(run sluice\/megacities_csv\/manual-\S+\): validate_cities: /,
  );
  assert.match(reason ?? '', /3 of 3 rows/);
  assert.deepEqual(
    steps.map((line) => line.replace(/ +/g, ' ')),
    [
      ' fetch_cities_csv fetch succeeded in 3 out 3 rejected 0',
      ' validate_cities validate failed',
      ' load_cities_dim load skipped upstream step validate_cities did not succeed',
    ],
  );
  const { rows } = await sluice.db.query(`SELECT to_regclass('dim_megacities') AS target`);
  assert.deepEqual(rows, [{ target: null }], 'nothing loaded');
});

test('an unknown pipeline is refused before anything starts, naming the ones there are', async () => {
  await assert.rejects(sluice.run('citys_csv'), {
    message: 'no pipeline "citys_csv" in the catalog; it has cities_csv, megacities_csv',
  });
});

test('DATABASE_URL and TEMPORAL_ADDRESS are reused: the second helper starts no servers and stops none', async () => {
  const reusing = await startSluiceTest({
    catalog,
    baseDir: dir,
    env: { DATABASE_URL: sluice.databaseUrl, TEMPORAL_ADDRESS: sluice.temporalAddress },
  });
  try {
    assert.equal(reusing.databaseUrl, sluice.databaseUrl);
    assert.equal(reusing.temporalAddress, sluice.temporalAddress);
    assert.notEqual(reusing.taskQueue, sluice.taskQueue);
    await sluice.db.query('DROP TABLE dim_cities');
    await reusing.run('cities_csv');
    const { rows } = await sluice.db.query('SELECT count(*)::int AS n FROM dim_cities');
    assert.deepEqual(rows, [{ n: 3 }], 'loaded into the reused database');
  } finally {
    await reusing.stop();
  }
  const again = await sluice.run('cities_csv');
  assert.equal(again.status, 'succeeded', 'the reused servers still serve the first helper');
});

test("a project's pipelines run with paths from its folder; SLUICE_PROJECT names it", async () => {
  const project = await writeProject({
    'sluice.config.ts': `import { defineConfig } from ${SLUICE_API};\nexport default defineConfig({});\n`,
    'pipelines/index.ts': `${csvPipeline('tallies')}\nexport default [tallies];\n`,
    'data/tallies.csv': 'id\n1\n2\n3\n4\n',
  });
  const fromProject = await startSluiceTest({
    env: {
      SLUICE_PROJECT: project,
      DATABASE_URL: sluice.databaseUrl,
      TEMPORAL_ADDRESS: sluice.temporalAddress,
    },
  });
  try {
    const summary = await fromProject.run('tallies');
    assert.deepEqual(
      summary.steps.map((s) => [s.id, s.rowsOut]),
      [
        ['fetch_tallies', 4],
        ['load_tallies', 4],
      ],
    );
    assert.deepEqual(await fromProject.query('SELECT count(*)::int AS n FROM tallies_fct'), [{ n: 4 }]);
  } finally {
    await fromProject.stop();
    await rm(project, { recursive: true, force: true });
  }
});

test('no project where it looks: refused before anything starts, naming the folder and sluice init', async () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'sluice-no-project-'));
  try {
    await assert.rejects(startSluiceTest({ env: { SLUICE_PROJECT: empty } }), {
      name: 'ProjectNotFoundError',
      message: new RegExp(`^no Sluice project found: SLUICE_PROJECT names ${empty}, .*Run \`sluice init\``),
    });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
});

test('a contract file that is not there is refused before anything starts, naming pipeline and step', async () => {
  const lost = citiesPipeline('lost_csv', 'missing.yml', 'dim_lost');
  await assert.rejects(startSluiceTest({ catalog: new Map([[lost.name, lost]]), baseDir: dir }), {
    name: 'ProjectLoadError',
    message: /pipeline "lost_csv" step "validate_cities": .*missing\.yml/,
  });
});
