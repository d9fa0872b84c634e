// The workflow bundle's entry: every workflow type the worker registers.
export { backfillPipeline } from './backfill-pipeline';
export { runPipeline } from './run-pipeline';
export { deliverAlert } from './deliver-alert';
