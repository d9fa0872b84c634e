// Reads staging rows out of COPY text output (`<row number>\t<jsonb text>` lines), whatever the chunking.
import { StringDecoder } from 'node:string_decoder';
import { parseExactJson } from '../exact-json';
import type { StagedRow } from './staging-reader';

/**
 * Turns chunks of COPY text into rows, carrying a line (or a UTF-8 character) cut by a chunk boundary into
 * the next chunk. jsonb text escapes every control character, so the only COPY escape in it is a doubled
 * backslash.
 */
export class CopyRowParser {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  /** The rows completed by this chunk. */
  push(chunk: Buffer): StagedRow[] {
    const decoded = this.decoder.write(chunk);
    const text = this.rest + decoded;
    // The carried rest holds no line end, so only the new text is searched (a multi-MB row stays linear).
    const lastInNew = decoded.lastIndexOf('\n');
    const end = lastInNew === -1 ? -1 : this.rest.length + lastInNew;
    this.rest = text.slice(end + 1);
    const rows: StagedRow[] = [];
    for (let at = 0; at < end;) {
      const lineEnd = text.indexOf('\n', at);
      const tab = text.indexOf('\t', at);
      rows.push({
        rowNumber: Number(text.slice(at, tab)),
        data: parseExactJson(text.slice(tab + 1, lineEnd).replaceAll('\\\\', '\\')) as Record<
          string,
          unknown
        >,
      });
      at = lineEnd + 1;
    }
    return rows;
  }

  /** Throws when the output stopped part-way through a row. */
  end(): void {
    if (this.rest + this.decoder.end() !== '')
      throw new Error('the COPY output of a staging table ended mid-row');
  }
}
