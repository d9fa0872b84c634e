// A terminal problem with an HTTP source (bad answer, bad config, refused request): retrying cannot fix it.
import { MalformedSourceError } from '../malformed-source-error';

/** Terminal, with an action worded for an HTTP source. */
export class HttpSourceError extends MalformedSourceError {
  override name = 'HttpSourceError';

  constructor(message: string, action = "Check the step's source and the API, then start a new run") {
    super(message, action);
  }
}
