// COPY text for staging rows, sent in chunks of ~64 K characters: one protocol message per row would cost a socket write each.
import { stagingJson } from '../exact-json';

/** A chunk is cut at the first row boundary past this many UTF-16 units, however large the batch. */
const CHUNK_CHARS = 64 * 1024;

/** COPY text format treats backslash as an escape; JSON text has no raw tabs or newlines. */
export const copyLine = (rowNumber: number, row: unknown) =>
  `${rowNumber}\t${stagingJson(row).replaceAll('\\', '\\\\')}\n`;

/**
 * Turns batches of row objects into COPY chunks, numbering the rows from `firstRow`; `onBatch` sees the
 * number of the last row of each batch. Works a batch at a time: no promise or stream callback per row.
 */
export async function* copyChunks(
  batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  firstRow: number,
  onBatch: (lastRow: number) => void,
): AsyncGenerator<string> {
  let next = firstRow;
  let chunk = '';
  for await (const batch of batches) {
    for (const row of batch) {
      chunk += copyLine(next, row);
      next += 1;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
    onBatch(next - 1);
  }
  if (chunk) yield chunk;
}
