// A terminal problem with a postgres source (its URL variable, login, query): retrying cannot fix it.
import { MalformedSourceError } from '../malformed-source-error';

/** Terminal, with an action worded for a postgres source. */
export class PostgresSourceError extends MalformedSourceError {
  override name = 'PostgresSourceError';
}
