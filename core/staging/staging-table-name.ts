// How a staging table is named from its run's prefix and a step id: the one rule staging and definePipeline share.

/** Hex digits of the run's hash in its prefix: the prefix is `r` and these digits. */
export const RUN_HASH_DIGITS = 12;

/** PostgreSQL's identifier limit, in bytes; step ids are ASCII, so in characters too. */
const IDENTIFIER_LIMIT = 63;

/** How much of a step id survives in its table name after `r<hash>_`: ids alike this far share a table. */
const STEP_KEY_LENGTH = IDENTIFIER_LIMIT - (1 + RUN_HASH_DIGITS + 1);

/** The part of a staging table name a step id contributes: the same in every run. */
export function stagingStepKey(step: string): string {
  return step.slice(0, STEP_KEY_LENGTH);
}

/** `<run prefix>_<step>`, the step cut so the name fits PostgreSQL's 63-byte limit. */
export function stagingTableName(runPrefix: string, step: string): string {
  return `${runPrefix}_${stagingStepKey(step)}`;
}
