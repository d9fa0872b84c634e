// The workflow bundle's entry: every workflow type the worker registers.
export { runPipeline } from './run-pipeline';
