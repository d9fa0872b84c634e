// Reads a dot path (`data.items`, `meta.next.0`) out of a parsed JSON body.

/** The value at `path`, or undefined when any step of it is missing. Numeric steps index arrays. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (typeof current === 'object' && current !== null && Object.hasOwn(current, key))
      current = (current as Record<string, unknown>)[key];
    else return undefined;
  }
  return current;
}
