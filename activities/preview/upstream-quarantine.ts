// The rows a preview quarantined upstream of one load step, and the reasons given most often.
import { dependenciesOf, type PipelineDefinition } from '../../core/pipeline/define-pipeline';
import type { LoadPreview } from '../../core/run/load-preview';
import type { StepInput } from '../../core/run/run-types';
import type { Queryable } from '../load/write-context';

/** How many reasons a preview names per load. */
const TOP_REASONS = 5;

/** Every step the load depends on, directly or not. */
function ancestors(pipeline: PipelineDefinition, step: string): string[] {
  const byId = new Map(pipeline.steps.map((s) => [s.id, s]));
  const found = new Set<string>();
  const visit = (id: string) => {
    const definition = byId.get(id);
    for (const parent of definition ? dependenciesOf(definition) : []) {
      if (found.has(parent)) continue;
      found.add(parent);
      visit(parent);
    }
  };
  visit(step);
  return [...found];
}

/** A reason is the path (`amount`, `items.0.sku`, `(row)`) and message; a row counts once per reason. */
export async function upstreamQuarantine(
  client: Queryable,
  pipeline: PipelineDefinition,
  input: StepInput,
): Promise<LoadPreview['quarantine']> {
  const scope = [input.workflowId, input.runId, ancestors(pipeline, input.step)];
  const where = 'workflow_id = $1 AND run_id = $2 AND step = ANY($3::text[])';
  const { rows: total } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM sluice.quarantine WHERE ${where}`,
    scope,
  );
  const { rows: reasons } = await client.query<{ reason: string; rows: string }>(
    `SELECT r.reason, count(DISTINCT q.id) AS rows
       FROM sluice.quarantine q, jsonb_array_elements(q.issues) i,
            LATERAL (SELECT coalesce(nullif((SELECT string_agg(e, '.') FROM jsonb_array_elements_text(i->'path') e), ''), '(row)')
                            || ': ' || (i->>'message') AS reason) r
      WHERE ${where}
      GROUP BY r.reason ORDER BY 2 DESC, 1 LIMIT ${TOP_REASONS}`,
    scope,
  );
  return {
    rows: Number(total[0]?.n ?? 0),
    topReasons: reasons.map((r) => ({ reason: r.reason, rows: Number(r.rows) })),
  };
}
