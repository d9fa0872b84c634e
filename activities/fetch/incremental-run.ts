// What an incremental fetch starts from: its cursor's type, the committed watermark, and whether it proposes the next.
import type { Pool } from 'pg';
import { cursorKey, type CursorKey, type CursorType } from '../../core/fetch/cursor-order';
import { definedCursorType } from '../../core/fetch/cursor-type';
import type { FetchStep, IncrementalSpec } from '../../core/pipeline/step-definitions';
import type { PipelineDefinition } from '../../core/pipeline/define-pipeline';
import { watermarkSourceOf, type IncrementalFetch } from '../../core/fetch/watermark-source';
import type { StepInput } from '../../core/run/run-types';
import { readWatermark } from '../state/watermarks';
import { terminalFailure } from '../step-failure';

export interface IncrementalRun {
  spec: IncrementalSpec;
  type: CursorType;
  /** The committed watermark (or `initial`), as sources receive it in {{watermark}}. */
  watermark?: string;
  watermarkKey?: CursorKey;
  /** False when a validate step reads the fetch: then only rows that pass it propose the watermark. */
  proposes: boolean;
}

/** undefined for a fetch that is not incremental. */
export async function incrementalRun(
  pool: Pool,
  pipeline: PipelineDefinition,
  step: FetchStep,
  input: StepInput,
): Promise<IncrementalRun | undefined> {
  if (!step.incremental) return undefined;
  const fetch: IncrementalFetch = { ...step, incremental: step.incremental };
  const type = definedCursorType(pipeline, fetch);
  const proposes = watermarkSourceOf(pipeline, fetch.id) === fetch.id;
  const watermark = (await readWatermark(pool, input.pipeline, fetch.id)) ?? fetch.incremental.initial;
  if (watermark === undefined) return { spec: fetch.incremental, type, proposes };
  const watermarkKey = cursorKey(type, watermark);
  if (!watermarkKey) {
    throw terminalFailure(
      'SluiceDefinitionError',
      input,
      `the committed watermark ${JSON.stringify(watermark)} is not a ${type}, the type of cursor ${fetch.incremental.cursorField}`,
      `Set incremental.cursorType to the cursor's type, or correct the value in sluice.state (pipeline '${input.pipeline}', step '${fetch.id}', name 'watermark'), then start a new run`,
    );
  }
  return { spec: fetch.incremental, type, watermark, watermarkKey, proposes };
}
