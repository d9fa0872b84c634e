// Raised by sources for content no retry can fix; the fetch activity turns it into a terminal failure.

/** Terminal; `action` tells the operator what to do next (the fetch activity appends it to the failure). */
export class MalformedSourceError extends Error {
  override name = 'MalformedSourceError';

  constructor(
    message: string,
    readonly action = 'Fix the source file and start a new run',
  ) {
    super(message);
  }
}
