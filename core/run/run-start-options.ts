// What every start of runPipeline carries for the UI and visibility, whoever starts it.
import type { SearchAttributePair } from '@temporalio/common';
import type { RunPipelineInput } from './run-types';
import { SluicePartition, SluicePipeline, SluiceStatus, SluiceTrigger } from './search-attributes';

/**
 * The static summary (`orders_csv [2026-11-01] (backfill)`, `orders_csv (manual, preview)`) and search attributes of a run about to start;
 * SluiceStatus is 'queued' until the run publishes its own. Used by the client, backfills and schedules.
 */
export function runStartOptions(input: RunPipelineInput): {
  staticSummary: string;
  typedSearchAttributes: SearchAttributePair[];
} {
  return {
    staticSummary: `${input.pipeline}${input.partition ? ` [${input.partition}]` : ''} (${input.trigger}${input.preview ? ', preview' : ''})`,
    typedSearchAttributes: [
      { key: SluicePipeline, value: input.pipeline },
      { key: SluicePartition, value: input.partition ?? '' },
      { key: SluiceTrigger, value: input.trigger },
      { key: SluiceStatus, value: 'queued' },
    ],
  };
}
