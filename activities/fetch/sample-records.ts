// A preview's `--sample N`: a source read stops after its first N records, so the rest is never read.

async function* take<T>(records: AsyncIterable<T>, limit: number): AsyncGenerator<T> {
  if (limit <= 0) return;
  let taken = 0;
  for await (const record of records) {
    yield record;
    if (++taken >= limit) return;
  }
}

/**
 * The first `limit` records; stopping early closes the source's stream or cursor. Without a limit, the
 * records themselves: a normal run pays nothing per record.
 */
export function firstRecords<T>(records: AsyncIterable<T>, limit: number | undefined): AsyncIterable<T> {
  return limit === undefined ? records : take(records, limit);
}
