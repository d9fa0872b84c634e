// What is wrong with a pipeline's incremental fetches: a cursor without a field or a type, an initial value or horizon that cannot be read.
import type { PipelineDefinition } from '../pipeline/define-pipeline';
import { toMilliseconds } from '../pipeline/durations';
import { CURSOR_TYPES, cursorKey } from './cursor-order';
import { cursorTypeOf } from './cursor-type';
import type { IncrementalFetch } from './watermark-source';

export function incrementalProblems(pipeline: PipelineDefinition): string[] {
  const fetches = pipeline.steps.filter(
    (s): s is IncrementalFetch => s.kind === 'fetch' && s.incremental !== undefined,
  );
  return fetches.flatMap((fetch) => fetchProblems(pipeline, fetch).map((p) => `step "${fetch.id}": ${p}`));
}

function fetchProblems(pipeline: PipelineDefinition, fetch: IncrementalFetch): string[] {
  if (typeof fetch.incremental !== 'object' || fetch.incremental === null)
    return ['incremental must be { cursorField, cursorType?, initial?, maxFuture? }'];
  const { cursorField, cursorType, initial, maxFuture } = fetch.incremental;
  if (!cursorField?.trim())
    return ['incremental.cursorField is required: the record field that grows, e.g. updated_at'];
  if (cursorType !== undefined && !CURSOR_TYPES.includes(cursorType)) {
    return [
      `incremental.cursorType must be one of ${CURSOR_TYPES.join(', ')}, got ${JSON.stringify(cursorType)}`,
    ];
  }
  const type = cursorTypeOf(pipeline, fetch);
  if (type === undefined) {
    return [
      `incremental.cursorType is required: no load this fetch feeds declares a column "${cursorField}" of a ` +
        `type that orders; set cursorType to ${CURSOR_TYPES.map((t) => `'${t}'`).join(', ')}`,
    ];
  }
  const problems: string[] = [];
  if (initial !== undefined && !cursorKey(type, initial)) {
    problems.push(
      `incremental.initial ${JSON.stringify(initial)} is not a ${type}` +
        (type === 'timestamp' ? ", e.g. '1970-01-01T00:00:00Z'" : type === 'number' ? ", e.g. '0'" : ''),
    );
  }
  if (maxFuture !== undefined) {
    if (type !== 'timestamp')
      problems.push(`incremental.maxFuture applies to timestamp cursors, not ${type}`);
    else if (!toMilliseconds(maxFuture))
      problems.push(
        `incremental.maxFuture ${JSON.stringify(maxFuture)} is not a positive duration like '1d'`,
      );
  }
  return problems;
}
