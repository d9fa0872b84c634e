// The scratch schema previews load into: one table per preview run and load step, named like its staging.
import type { StepInput } from '../../core/run/run-types';
import { tableIdent } from '../db/identifiers';
import type { TargetName } from '../load/target-name';
import { stagingTableName } from '../staging/staging-name';

export const PREVIEW_SCHEMA = 'sluice_preview';

/** Where a preview's load writes instead of its target: `sluice_preview.r<run hash>_<step>`. */
export function previewTarget(input: Pick<StepInput, 'workflowId' | 'runId' | 'step'>): TargetName {
  const table = stagingTableName(input.workflowId, input.runId, input.step);
  return { schema: PREVIEW_SCHEMA, table, quoted: tableIdent(`${PREVIEW_SCHEMA}.${table}`) };
}
