// A terminal problem with a postgres source (its URL variable, login, query): retrying cannot fix it.
import { MalformedSourceError } from '../malformed-source-error';

/** Terminal; `action` tells the operator what to do next (the fetch activity appends it to the failure). */
export class PostgresSourceError extends MalformedSourceError {
  override name = 'PostgresSourceError';

  constructor(
    message: string,
    readonly action: string,
  ) {
    super(message);
  }
}
