// A preview's `--sample N`: a source read stops after its first N records, so the rest is never read.

/** The first `limit` records (all of them without a limit); stopping early closes the source's stream or cursor. */
export async function* firstRecords<T>(
  records: AsyncIterable<T>,
  limit: number | undefined,
): AsyncGenerator<T> {
  if (limit === undefined) {
    yield* records;
    return;
  }
  if (limit <= 0) return;
  let taken = 0;
  for await (const record of records) {
    yield record;
    if (++taken >= limit) return;
  }
}
