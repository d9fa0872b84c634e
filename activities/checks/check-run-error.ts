// A check that cannot run as written: a bad name, a missing column or table, values of the wrong type.
import { retryability } from '../retryability';

/** definition: fix the check or the table; data: a value cannot be read as the check needs (e.g. a timestamp). */
export type CheckRunErrorCause = 'definition' | 'data';

export class CheckRunError extends Error {
  constructor(
    message: string,
    readonly reason: CheckRunErrorCause,
    readonly check?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CheckRunError';
  }
}

/**
 * What no retry can fix (see activities/db/sqlstate.ts) while a check runs: data errors (a value the
 * check cannot read) are the data's; anything else terminal (an unknown column, a mistyped comparison)
 * is the check's, whose SQL is built from the definition. The rest (a lost connection) is retried.
 */
export function asCheckRunError(err: unknown, check: string, where: string): unknown {
  const judged = retryability(err);
  if (judged !== 'data' && judged !== 'terminal') return err;
  return new CheckRunError(
    `check "${check}" could not run on ${where}: ${(err as Error).message}`,
    judged === 'data' ? 'data' : 'definition',
    check,
    { cause: err },
  );
}
