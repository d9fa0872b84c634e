// A check that cannot run as written: a bad name, a missing column or table, values of the wrong type.

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

/** PostgreSQL classes that retrying cannot fix: 22 data exceptions, 42 undefined or mistyped names. */
export function asCheckRunError(err: unknown, check: string, where: string): unknown {
  const code = String((err as { code?: unknown }).code ?? '');
  if (!/^(22|42)/.test(code)) return err;
  return new CheckRunError(
    `check "${check}" could not run on ${where}: ${(err as Error).message}`,
    code.startsWith('22') ? 'data' : 'definition',
    check,
    { cause: err },
  );
}
