// COPY text for staging rows, sent in ~64 KB chunks: one protocol message per row would cost a socket write each.
import { Transform } from 'node:stream';

const CHUNK_BYTES = 64 * 1024;

/** COPY text format treats backslash as an escape; JSON text has no raw tabs or newlines. */
export const copyLine = (rowNumber: number, row: unknown) =>
  `${rowNumber}\t${JSON.stringify(row).replaceAll('\\', '\\\\')}\n`;

/** Turns row objects into COPY chunks numbered from `firstRow`; `onRow` sees each row's number. */
export function copyChunker(firstRow: number, onRow: (rowNumber: number) => void): Transform {
  let next = firstRow;
  let pending: string[] = [];
  let size = 0;
  return new Transform({
    writableObjectMode: true,
    transform(row: unknown, _encoding, done) {
      const line = copyLine(next, row);
      onRow(next);
      next += 1;
      pending.push(line);
      size += line.length;
      if (size < CHUNK_BYTES) return done();
      const chunk = pending.join('');
      pending = [];
      size = 0;
      done(null, chunk);
    },
    flush(done) {
      done(null, pending.length > 0 ? pending.join('') : null);
    },
  });
}
