// The transform tests' pipeline (rows functions and SQL steps), its database, staging helpers and sample rows.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { MockActivityEnvironment } from '@temporalio/testing';
import { stagingTableName } from '../../activities/staging/staging-name';
import { writeStaging } from '../../activities/staging/staging-writer';
import { createTransform } from '../../activities/transform/transform-activity';
import { definePipeline, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import type { DatasetRef, StagedValues, StepInput } from '../../core/run/run-types';
import type { StepDefinition, TransformContext } from '../../core/pipeline/step-definitions';
import { useTestDatabase } from '../support/test-database';

export const WORKFLOW = 'sluice/transform_test/manual-1';
export type Row = Record<string, unknown>;

/** What the async rows function saw, batch by batch. */
export const seen: { size: number; first: unknown; context: TransformContext }[] = [];
let shapeOrders: () => unknown = () => [];
/** Makes the `shape_orders` rows function return what `result` gives at each call. */
export function shapeOrdersWith(result: () => unknown): void {
  shapeOrders = result;
}
const fetchStep = (id: string): StepDefinition => ({
  kind: 'fetch',
  id,
  source: { kind: 'file', path: 'unused.csv', format: 'csv' },
});
const sqlStep = (id: string, sql: string, inputs = ['fetch_orders']): StepDefinition => ({
  kind: 'transform',
  id,
  inputs,
  sql,
});

const pipeline = definePipeline({
  name: 'transform_test',
  description: 'test',
  owner: 'tests',
  steps: [
    fetchStep('fetch_orders'),
    fetchStep('fetch_customers'),
    {
      kind: 'transform',
      id: 'enrich_orders',
      inputs: ['fetch_orders'],
      rows: (rows) => rows.map((r) => ({ ...r, amount_cents: Math.round(Number(r.amount) * 100) })),
    },
    {
      kind: 'transform',
      id: 'explode_orders',
      inputs: ['fetch_orders'],
      rows: async (rows, context) => {
        seen.push({ size: rows.length, first: rows[0]?.order_id, context });
        await sleep(1);
        return rows
          .filter((r) => r.status !== 'cancelled')
          .flatMap((r) =>
            Array.from({ length: Number(r.qty) }, (_, i) => ({
              order_id: r.order_id,
              unit: i + 1,
              region: context.params.region,
              day: context.partition,
            })),
          );
      },
    },
    {
      kind: 'transform',
      id: 'break_orders',
      inputs: ['fetch_orders'],
      rows: (rows) => {
        if (rows.some((r) => r.order_id === '1500')) (undefined as unknown as string).trim();
        return rows;
      },
    },
    {
      kind: 'transform',
      id: 'flaky_orders',
      inputs: ['fetch_orders'],
      rows: async () => {
        throw Object.assign(new Error('lookup service timed out'), { retryable: true });
      },
    },
    {
      kind: 'transform',
      id: 'lookup_orders',
      inputs: ['fetch_orders'],
      // A lookup service at params.lookup; the test points it at a port where nothing listens.
      rows: async (rows, context) => {
        await fetch(context.params.lookup as string);
        return rows;
      },
    },
    { kind: 'transform', id: 'shape_orders', inputs: ['fetch_orders'], rows: () => shapeOrders() as Row[] },
    sqlStep(
      'join_orders_customers',
      `SELECT o.order_id::int AS order_id, c.region, o.amount::numeric AS amount
         FROM {{fetch_orders}} o JOIN {{ fetch_customers }} c USING (customer_id)
        ORDER BY o.order_id::int`,
      ['fetch_orders', 'fetch_customers'],
    ),
    sqlStep(
      'agg_orders_region',
      `WITH joined AS (
         SELECT c.region, o.amount::numeric AS amount FROM {{fetch_orders}} o JOIN {{fetch_customers}} c USING (customer_id)
       )
       SELECT region, count(*) AS orders, sum(amount) AS total FROM joined GROUP BY region ORDER BY region`,
      ['fetch_orders', 'fetch_customers'],
    ),
    sqlStep('copy_orders', 'SELECT * FROM {{fetch_orders}}'),
    sqlStep('count_orders', 'SELECT count(*) AS n FROM {{fetch_orders}}'),
    sqlStep('syntax_orders', "SELECT '😀' AS e, order_id, FROM {{fetch_orders}}"),
    sqlStep(
      'column_orders',
      'SELECT o.order_id AS "🆔"\n  FROM {{fetch_orders}} o\n WHERE o.amount_total > 0',
    ),
    sqlStep('cast_orders', 'SELECT sum(amount::numeric) AS total FROM {{fetch_orders}}'),
    // E'\'' fools the definition's text check into reading the semicolons as quoted; PostgreSQL is not fooled.
    sqlStep(
      'smuggle_orders',
      "SELECT E'\\'' AS a FROM {{fetch_orders}}) AS q; DROP TABLE victims; SELECT (SELECT 'x'",
    ),
    sqlStep('sleep_orders', 'SELECT pg_sleep(30) AS slept FROM {{fetch_orders}}'),
  ],
});

/** Steps definePipeline refuses, in a catalog an application might assemble by hand. */
export const handMade: PipelineDefinition = {
  name: 'hand_made',
  description: 'test',
  owner: 'tests',
  steps: [
    fetchStep('fetch_orders'),
    sqlStep('delete_orders', 'DELETE FROM {{fetch_orders}}'),
    sqlStep('drop_victims', 'SELECT 1 AS one FROM {{fetch_orders}}; DROP TABLE victims'),
    sqlStep('typo_orders', 'SELECT * FROM {{fetch_order}}'),
  ],
};

const catalog = new Map([
  [pipeline.name, pipeline],
  [handMade.name, handMade],
]);

/** A generous start-to-close (the mock's default is 1 s), which the SQL path turns into statement_timeout. */
export const environment = (startToCloseTimeoutMs = 60_000) =>
  new MockActivityEnvironment({ startToCloseTimeoutMs });

export function stepInput(
  step: string,
  runId: string,
  inputs: Record<string, DatasetRef>,
  pipe: string = pipeline.name,
) {
  const input: StepInput = {
    pipeline: pipe,
    step,
    workflowId: WORKFLOW,
    runId,
    partition: '2026-11-21',
    params: { region: 'eu' },
    definitionHash: 'h',
    inputs,
  };
  return input;
}

export const outputOf = (runId: string, step: string) => stagingTableName(WORKFLOW, runId, step);

/** Asserts a terminal Sluice failure of `type` with exactly `message`. */
export function failure(type: string, message: string) {
  return (err: Error & { type?: string; nonRetryable?: boolean }) => {
    assert.equal(err.message, message);
    assert.equal(err.type, type);
    assert.equal(err.nonRetryable, true);
    return true;
  };
}

export const prefix = (step: string, pipe: string = pipeline.name) => `${pipe}/${step} (run ${WORKFLOW}): `;

export const order = (id: number, customer: string, amount: string): Row => ({
  order_id: String(id),
  customer_id: customer,
  amount,
});

export const orders = [
  order(1, 'C1', '10.50'),
  order(2, 'C2', '5'),
  order(3, 'C1', '0.25'),
  order(4, 'C9', '7'), // no such customer: the join drops it
];
export const customers = [
  { customer_id: 'C1', region: 'eu' },
  { customer_id: 'C2', region: 'us' },
];

/** For a test file: one database with a victims table, and the transform and staging helpers that use it. */
export function useTransformDatabase() {
  const db = useTestDatabase(async (started) => {
    await started.pool.query('CREATE TABLE victims (id int)');
  });
  const transform = () => createTransform({ pool: db.pool, catalog });

  /** Stages `rows` as a source of `values` would: text by default, as the sample orders are (CSV). */
  async function stage(table: string, rows: Row[], values: StagedValues = 'text'): Promise<DatasetRef> {
    async function* each() {
      yield* rows;
    }
    await writeStaging(db.pool, table, each(), () => undefined);
    return { table, rows: rows.length, values };
  }

  async function stagedRows(table: string): Promise<Row[]> {
    const { rows } = await db.pool.query(`SELECT data FROM sluice_staging."${table}" ORDER BY _sluice_row`);
    return rows.map((r: { data: Row }) => r.data);
  }

  async function tableExists(table: string): Promise<boolean> {
    const { rows } = await db.pool.query('SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
    return rows[0].exists;
  }

  return { db, transform, stage, stagedRows, tableExists };
}
