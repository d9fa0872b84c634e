// `sluice/client`: SluiceClient, the one front door for starting, watching and steering runs, with its types and errors.
export { SluiceClient, type SluiceClientOptions } from './sluice-client';
export { RunsClient, type RunListing, type StartOptions } from './runs-client';
export { BackfillsClient } from './backfills-client';
export { SchedulesClient, type ScheduleSyncReport } from './schedules-client';
export type { RunFilter } from './visibility-query';
export type { StartBackfillOptions } from './backfill';
export { BackfillAlreadyRunningError, BackfillInputError } from './backfill-errors';
export {
  PreviewRefusedError,
  RunAlreadyRunningError,
  RunFailedError,
  RunRefusedError,
  RunUnreadableError,
  UnknownRunError,
} from './run-errors';
export { ServerUnreachableError } from './connect';
export { PipelineScheduleError } from './schedule-error';
export type { RunSummary } from '../workflows/run-pipeline';
export type { RunState, RunStatus, StepState, StepStatus } from '../core/run/run-state';
export type { PreviewOptions, Trigger } from '../core/run/run-types';
export type {
  LoadPreview,
  PreviewReport,
  PreviewRow,
  PreviewUpdate,
  QuarantineReason,
} from '../core/run/load-preview';
export type { StepActionKind } from '../core/run/messages';
export type { BackfillStatus } from '../core/backfill/backfill-types';
