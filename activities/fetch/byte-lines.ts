// Splits a byte stream into lines, holding one line at most and refusing a line past a size cap.

/**
 * The stream's lines as text (UTF-8, a trailing \r dropped), numbered from 1. A line longer than `maxBytes`
 * throws `tooLong(lineNumber)` as soon as it passes the cap, before the rest of it is read.
 */
export async function* byteLines(
  input: AsyncIterable<Buffer>,
  maxBytes: number,
  tooLong: (lineNumber: number) => Error,
): AsyncGenerator<{ line: string; lineNumber: number }> {
  let parts: Buffer[] = [];
  let size = 0;
  let lineNumber = 1;
  for await (const chunk of input) {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      size += end - start;
      if (size > maxBytes) throw tooLong(lineNumber);
      parts.push(chunk.subarray(start, end));
      yield { line: text(parts), lineNumber };
      parts = [];
      size = 0;
      start = end + 1;
      lineNumber += 1;
    }
    size += chunk.length - start;
    if (size > maxBytes) throw tooLong(lineNumber);
    if (start < chunk.length) parts.push(chunk.subarray(start));
  }
  if (parts.length > 0) yield { line: text(parts), lineNumber };
}

function text(parts: Buffer[]): string {
  const line = (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)).toString('utf8');
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
