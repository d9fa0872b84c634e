// Groups a stream of staged rows into arrays of at most `size`, so user code sees batches, never the whole input.
import type { StagedRow } from '../staging/staging-reader';

export async function* batchRows(rows: AsyncIterable<StagedRow>, size: number): AsyncGenerator<StagedRow[]> {
  let batch: StagedRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
