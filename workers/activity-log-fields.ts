// Binds each activity's pipeline, step and partition (from its input) to every line it logs, beside the SDK's run and attempt.
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** The input fields that say what an activity works on; the SDK adds workflowId, workflowRunId and attempt itself. */
const FIELDS = ['pipeline', 'step', 'partition'] as const;

function fieldsOf(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null) return {};
  const record = input as Record<string, unknown>;
  return Object.fromEntries(
    FIELDS.flatMap((key) => (typeof record[key] === 'string' ? [[key, record[key]]] : [])),
  );
}

/**
 * A child logger per activity, the SDK's way: the outbound getLogAttributes hook adds what the inbound execute
 * saw in the activity's first argument (StepInput, or the run records' identity), so `Context.current().log` and
 * the SDK's own "Activity failed" lines name the pipeline, step and partition.
 */
export const activityLogFields: ActivityInterceptorsFactory = () => {
  let fields: Record<string, string> = {};
  return {
    inbound: {
      execute: (input, next) => {
        fields = fieldsOf(input.args[0]);
        return next(input);
      },
    },
    outbound: { getLogAttributes: (attributes, next) => next({ ...attributes, ...fields }) },
  };
};
