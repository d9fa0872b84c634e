// The scaffold's test: runs the example pipeline for real and checks the table it loaded.
import { EXAMPLE } from '../scaffold-context';

export const pipelineTest =
  (): string => `// The example pipeline, run for real: Temporal and PostgreSQL start once for this file (or set
// DATABASE_URL / TEMPORAL_ADDRESS to reuse yours), a worker runs this project's pipelines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useSluiceTest } from 'sluice/testing';

const sluice = useSluiceTest();

test('${EXAMPLE.pipeline} loads every customer once', async () => {
  const summary = await sluice.run('${EXAMPLE.pipeline}');
  assert.equal(summary.status, 'succeeded');
  const rows = await sluice.query<{ country: string; customers: number }>(
    'SELECT country, count(*)::int AS customers FROM ${EXAMPLE.table} GROUP BY country ORDER BY country',
  );
  assert.deepEqual(rows, [
    { country: 'GB', customers: 2 },
    { country: 'NL', customers: 1 },
    { country: 'US', customers: 2 },
  ]);
});

test('a second run changes nothing: the load merges on customer_id', async () => {
  await sluice.run('${EXAMPLE.pipeline}');
  const [row] = await sluice.query<{ n: number }>('SELECT count(*)::int AS n FROM ${EXAMPLE.table}');
  assert.equal(row?.n, ${EXAMPLE.rows});
});
`;
