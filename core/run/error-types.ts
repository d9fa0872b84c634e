// The closed set of terminal error types: a failure of one of these never helps by retrying.

export const TERMINAL_ERROR_TYPES = [
  'SluiceUnknownPipeline', // the catalog has no pipeline of that name
  'SluiceDefinitionError', // a pipeline, step, contract or check definition is wrong
  'SluiceBadInput', // the data is at fault: a source, a value, a row, a contract violation
  'SluiceTargetConflict', // a load's target table is not as the step needs it (shape, grants, dependants)
  'SluiceStagingLost', // a step's input staging table lost its rows: the workflow re-runs its producer
  'SluiceCheckFailed', // an error-severity dataset check failed
  'SluiceDatabaseRefused', // PostgreSQL refused a statement of Sluice's own: the worker's grants, or a bug
  'SluiceAlertRefused', // the alert webhook refused the message (a 4xx other than 408 and 429): its URL or token is wrong
] as const;

export type TerminalErrorType = (typeof TERMINAL_ERROR_TYPES)[number];
