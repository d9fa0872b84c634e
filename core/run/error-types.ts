// The closed set of terminal error types: a failure of one of these never helps by retrying.

export const TERMINAL_ERROR_TYPES = [
  'SluiceUnknownPipeline',
  'SluiceDefinitionError',
  'SluiceBadInput',
  'SluiceTargetConflict',
  'SluiceStagingLost',
  'SluiceCheckFailed',
] as const;

export type TerminalErrorType = (typeof TERMINAL_ERROR_TYPES)[number];
