// The declared type of an incremental fetch's cursor: its own cursorType, or the type a load gives the column.
import { readColumnType, type ColumnTypeName } from '../load/column-type';
import type { PipelineDefinition } from '../pipeline/define-pipeline';
import type { CursorType } from './cursor-order';
import { downstreamOf, type IncrementalFetch } from './watermark-source';

const FROM_COLUMN_TYPE: Partial<Record<ColumnTypeName, CursorType>> = {
  date: 'timestamp',
  timestamp: 'timestamp',
  timestamptz: 'timestamp',
  smallint: 'number',
  integer: 'number',
  bigint: 'number',
  numeric: 'number',
  real: 'number',
  'double precision': 'number',
  text: 'text',
  varchar: 'text',
  uuid: 'text',
};

/** undefined when the fetch declares none and no load it feeds declares a column of that name that orders. */
export function cursorTypeOf(pipeline: PipelineDefinition, fetch: IncrementalFetch): CursorType | undefined {
  if (fetch.incremental.cursorType !== undefined) return fetch.incremental.cursorType;
  for (const step of downstreamOf(pipeline, fetch.id)) {
    if (step.kind !== 'load') continue;
    const column = step.target?.columns?.find((c) => c.name === fetch.incremental.cursorField);
    const reading = column && readColumnType(column.type);
    if (reading && 'type' in reading && !reading.type.array) {
      const type = FROM_COLUMN_TYPE[reading.type.name];
      if (type) return type;
    }
  }
  return undefined;
}

/** cursorTypeOf for a pipeline definePipeline accepted: it refuses an incremental fetch whose type it cannot tell. */
export function definedCursorType(pipeline: PipelineDefinition, fetch: IncrementalFetch): CursorType {
  const type = cursorTypeOf(pipeline, fetch);
  if (type === undefined)
    throw new Error(
      `pipeline ${pipeline.name} step ${fetch.id} has no cursor type; define it with definePipeline`,
    );
  return type;
}
