// The transform activity: a rows function or a SQL SELECT over the step's inputs, written to its staging table.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { DatasetRef, StepInput, StepResult } from '../../core/run/run-types';
import type { TransformStep } from '../../core/pipeline/step-definitions';
import { transformProblems } from '../../core/transform/transform-step-problems';
import type { Catalog } from '../../core/pipeline/catalog';
import { findStep } from '../catalog-lookup';
import { assertStagingIntact } from '../staging/staging-check';
import { stagingTableName } from '../staging/staging-name';
import { terminalFailure } from '../step-failure';
import { transformRows } from './transform-rows';
import { transformSql } from './transform-sql';

export interface TransformDeps {
  pool: Pool;
  catalog: Catalog;
}

export function createTransform({ pool, catalog }: TransformDeps) {
  return async function transform(input: StepInput): Promise<StepResult> {
    const step = findStep(catalog, input, 'transform');
    const inputs = inputRefs(step, input);
    for (const ref of inputs.values()) await assertStagingIntact(pool, ref, input);
    const table = stagingTableName(input.workflowId, input.runId, input.step);
    const rowsOut =
      'rows' in step
        ? await transformRows(pool, input, step, [...inputs.values()][0] as DatasetRef, table)
        : await transformSql(pool, input, step.sql, inputs, table);
    const rowsIn = [...inputs.values()].reduce((sum, ref) => sum + ref.rows, 0);
    Context.current().log.info('transformed rows', { rowsIn, rowsOut, table });
    // Rows or SQL over text keep the text a contract must still read; only typed inputs make typed output.
    const typed = [...inputs.values()].every((ref) => ref.values === 'typed');
    const output = { table, rows: rowsOut, values: typed ? 'typed' : 'text' } as const;
    return { rowsIn, rowsOut, rowsRejected: 0, output };
  };
}

/**
 * The step's inputs by step id, in the order the step lists them. definePipeline refuses a malformed
 * transform, but a catalog an application assembles by hand reaches here unchecked.
 */
function inputRefs(step: TransformStep, input: StepInput): Map<string, DatasetRef> {
  const problems = transformProblems(step);
  if (problems.length > 0) {
    throw terminalFailure(
      'SluiceDefinitionError',
      input,
      `the transform cannot run: ${problems.join('; ')}`,
      'Fix the step definition and start a new run',
    );
  }
  const missing = step.inputs.filter((id) => !input.inputs[id]);
  if (missing.length > 0) {
    throw terminalFailure(
      'SluiceDefinitionError',
      input,
      `inputs ${missing.join(', ')} were not passed`,
      'Report this bug',
    );
  }
  return new Map(step.inputs.map((id) => [id, input.inputs[id] as DatasetRef]));
}
