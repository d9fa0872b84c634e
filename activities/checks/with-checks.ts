// Runs a step's declared checks after the step's own work: over its output, or over a load's target table.
import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { StepInput, StepResult } from '../../core/run/run-types';
import type { StepDefinition } from '../../core/pipeline/step-definitions';
import type { Catalog } from '../../core/pipeline/catalog';
import { findPipeline } from '../catalog-lookup';
import type { CheckResult } from './check-result';
import { replaceCheckResults } from './check-results-store';
import { checkFailure, checkRunFailure } from './check-failure';
import { stagingRelation, type CheckRelation } from './check-relation';
import { CheckRunError } from './check-run-error';
import { runChecks } from './run-checks';
import { previewTarget } from '../preview/preview-schema';

/**
 * A load's checks read the whole target (as dbt tests read a model), in a preview the scratch table that
 * stands for it; other steps' read their output.
 */
function relationFor(step: StepDefinition, result: StepResult, input: StepInput): CheckRelation | undefined {
  if (step.kind === 'load' && input.preview) {
    const { schema, table } = previewTarget(input);
    return { schema, table };
  }
  if (step.kind === 'load') {
    const [schema, table] = step.target.table.includes('.')
      ? step.target.table.split('.')
      : ['public', step.target.table];
    return { schema: schema as string, table: table as string };
  }
  return result.output ? stagingRelation(result.output.table) : undefined;
}

/** A step's result with the check results the step itself determined (a watermark warning), to record. */
export type StepOutcome = StepResult & { ownChecks?: CheckResult[] };

const outcomes = (results: readonly CheckResult[]) =>
  results.map(({ name, status, message }) => ({ name, status, message }));

export function withChecks(
  deps: { pool: Pool; catalog: Catalog },
  activity: (input: StepInput) => Promise<StepOutcome>,
) {
  return async (input: StepInput): Promise<StepResult> => {
    const { ownChecks = [], ...result } = await activity(input);
    const step = findPipeline(deps.catalog, input.pipeline).steps.find((s) => s.id === input.step);
    const relation = step?.checks?.length ? relationFor(step, result, input) : undefined;
    const context = {
      pipeline: input.pipeline,
      step: input.step,
      workflowId: input.workflowId,
      runId: input.runId,
    };
    if (!step?.checks?.length || !relation) {
      if (ownChecks.length === 0) return result;
      const client = await deps.pool.connect();
      try {
        await replaceCheckResults(client, context, ownChecks, undefined);
      } finally {
        client.release();
      }
      return { ...result, checks: outcomes(ownChecks) };
    }
    try {
      const activityContext = Context.current();
      const set = await runChecks(deps.pool, {
        relation,
        checks: step.checks,
        ownResults: ownChecks,
        context,
        onCheckDone: () => activityContext.heartbeat(),
      });
      const checks = outcomes(set.results);
      // A preview reports the checks its load would fail, rather than failing on them.
      if (result.preview)
        return {
          ...result,
          checks,
          preview: { ...result.preview, failedChecks: checks.filter((c) => c.status !== 'pass') },
        };
      const failure = checkFailure(input, set);
      if (failure) throw failure;
      return { ...result, checks };
    } catch (err) {
      if (err instanceof CheckRunError) throw checkRunFailure(input, err);
      throw err;
    }
  };
}
