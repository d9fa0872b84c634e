// A terminal problem with an HTTP source (bad answer, bad config, refused request): retrying cannot fix it.
import { MalformedSourceError } from '../malformed-source-error';

/** Terminal; `action` tells the operator what to do next (the fetch activity appends it to the failure). */
export class HttpSourceError extends MalformedSourceError {
  override name = 'HttpSourceError';

  constructor(
    message: string,
    readonly action = "Check the step's source and the API, then start a new run",
  ) {
    super(message);
  }
}
