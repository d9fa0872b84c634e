// Fuzzes definePipeline: broken and random definitions end in a DefinitionError naming the pipeline, or in a usable plan.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { buildPlan } from '../../core/pipeline/build-plan';
import { definePipeline, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import { DefinitionError } from '../../core/pipeline/definition-error';
import { partitionForTime } from '../../core/partitions/partitions';
import { catalogFromExports } from '../../project/catalog-from-exports';
import { exampleCatalog } from '../support/example-project';
import { endsClearly, fuzz, guardFuzzFile } from './support/fuzz';
import { clonePlain, mutated } from './support/mutate';

guardFuzzFile('fuzz-definitions');

/** Every step kind, source kind, load mode and check kind that the example project does not show. */
const WIDE: PipelineDefinition = {
  name: 'fuzz_wide',
  description: 'every kind of step',
  owner: 'tests',
  maxParallel: 2,
  defaults: { retry: { maximumAttempts: 3, initialInterval: '1s' }, timeouts: { startToClose: '5m' } },
  partitions: { kind: 'static', values: ['eu', 'us'] },
  steps: [
    {
      kind: 'fetch',
      id: 'fetch_orders_api',
      source: {
        kind: 'http',
        url: 'https://api.example.com/orders?since={{watermark}}',
        recordsPath: 'data',
        auth: { kind: 'bearer', tokenEnv: 'ORDERS_TOKEN' },
        pagination: { style: 'cursor', cursorParam: 'after', nextCursorPath: 'next' },
        allowedHosts: ['api.example.com'],
        maxPages: 100,
      },
      incremental: { cursorField: 'updated_at', cursorType: 'timestamp', maxFuture: '1d' },
    },
    {
      kind: 'fetch',
      id: 'fetch_customers_db',
      source: {
        kind: 'postgres',
        urlEnv: 'CRM_URL',
        query: 'SELECT * FROM customers WHERE region = $1',
        params: ['{{partition}}'],
      },
    },
    {
      kind: 'validate',
      id: 'validate_orders',
      input: 'fetch_orders_api',
      contract: { schema: z.object({ id: z.number(), updated_at: z.string() }), unique: ['id'] },
      maxInvalidRatio: 0.1,
    },
    { kind: 'gate', id: 'approve_orders', needs: ['validate_orders'], timeout: '1h', onTimeout: 'reject' },
    {
      kind: 'transform',
      id: 'join_orders',
      inputs: ['validate_orders', 'fetch_customers_db'],
      sql: 'SELECT o.* FROM {{validate_orders}} o JOIN {{fetch_customers_db}} c ON c.id = o.id',
      needs: ['approve_orders'],
    },
    {
      kind: 'load',
      id: 'load_fct_orders',
      input: 'join_orders',
      onFailure: 'wait',
      target: {
        table: 'fct_orders',
        mode: 'history',
        key: ['id'],
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'updated_at', type: 'timestamptz' },
        ],
      },
      checks: [
        { kind: 'row_count', min: 1 },
        { kind: 'unique', columns: ['id'] },
        { kind: 'freshness', column: 'updated_at', warnAfter: '1d', severity: 'warn' },
      ],
    },
  ],
};

let bases: PipelineDefinition[] = [];

test.before(async () => {
  bases = [WIDE, ...(await exampleCatalog()).values()].map((d) => clonePlain(d));
  for (const base of bases) definePipeline(clonePlain(base)); // unbroken, each one is valid
});

/** Ends in a DefinitionError naming the pipeline; or defines a pipeline whose plan builds and partitions list. */
async function definesOrRefuses(definition: unknown): Promise<void> {
  const outcome = await endsClearly(
    () => definePipeline(definition as PipelineDefinition),
    [{ type: DefinitionError, names: /^pipeline ".*" is invalid:\n {2}- / }],
  );
  if (outcome instanceof Error) return;
  const plan = buildPlan(outcome, 'fuzz');
  assert.equal(plan.steps.length, outcome.steps.length);
  if (outcome.partitions && outcome.partitions.kind !== 'static')
    partitionForTime(outcome.partitions, new Date('2026-12-06T12:00:00Z'));
}

test('the example and wide definitions, a few fields broken: a DefinitionError or a plan (3,000 cases)', async () => {
  await fuzz(mutated(bases), definesOrRefuses, 3_000);
});

test('definitions made of random values: a DefinitionError (1,000 cases)', async () => {
  const anything = fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: true, withMap: true });
  await fuzz(
    fc.oneof(
      anything,
      fc.record({ name: anything, description: anything, owner: anything, steps: fc.array(anything) }),
    ),
    definesOrRefuses,
    1_000,
  );
});

test("a project's pipelines module exporting any mix of broken definitions: a catalog or its problems (1,000 cases)", async () => {
  const anything = fc.anything({ maxDepth: 2, withNullPrototype: true, withMap: true });
  const exported = fc.array(
    fc.oneof({ weight: 4, arbitrary: mutated(bases) }, { weight: 1, arbitrary: anything }),
    {
      maxLength: 4,
    },
  );
  await fuzz(
    fc.oneof(
      exported.map((list) => ({ default: list })),
      exported.map((list) => ({
        pipelines: new Map(list.map((d, i) => [(d as { name?: unknown })?.name ?? i, d])),
      })),
      anything,
    ),
    async (exports) => {
      const { catalog, problems } = catalogFromExports(exports);
      assert.ok(problems.every((p) => typeof p === 'string' && p.length > 0));
      if (problems.length === 0) for (const definition of catalog.values()) buildPlan(definition, 'fuzz');
    },
    1_000,
  );
});
