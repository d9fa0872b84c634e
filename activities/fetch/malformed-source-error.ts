// Raised by sources for content no retry can fix; the fetch activity turns it into a terminal failure.

export class MalformedSourceError extends Error {
  override name = 'MalformedSourceError';
}
