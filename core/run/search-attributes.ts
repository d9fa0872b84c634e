// Custom search attributes that make Sluice runs filterable in the Temporal UI and visibility queries.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SluicePipeline = defineSearchAttributeKey('SluicePipeline', SearchAttributeType.KEYWORD);
export const SluicePartition = defineSearchAttributeKey('SluicePartition', SearchAttributeType.KEYWORD);
export const SluiceTrigger = defineSearchAttributeKey('SluiceTrigger', SearchAttributeType.KEYWORD);
export const SluiceStatus = defineSearchAttributeKey('SluiceStatus', SearchAttributeType.KEYWORD);

/** Every key the dev server must register before a run can use it. */
export const sluiceSearchAttributes = [SluicePipeline, SluicePartition, SluiceTrigger, SluiceStatus];

/** Set by Temporal on every run a Schedule starts: the time the run was due (what its partition follows). */
export const TemporalScheduledStartTime = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);
