// Reads a CSV or NDJSON file as a stream of row objects; values stay strings until validation.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { FileSource } from '../../core/source-spec';
import { MalformedSourceError } from './malformed-source-error';

async function* ndjsonRows(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      throw new MalformedSourceError(`${file} line ${lineNumber} is not JSON: ${(err as Error).message}`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new MalformedSourceError(`${file} line ${lineNumber} is not a JSON object`);
    }
    yield row as Record<string, unknown>;
  }
}

async function* csvRows(file: string): AsyncGenerator<Record<string, unknown>> {
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, trim: true }),
  );
  try {
    for await (const row of parser) yield row as Record<string, unknown>;
  } catch (err) {
    throw new MalformedSourceError(`${file} is not valid CSV: ${(err as Error).message}`);
  }
}

/** Rows of the file at `absolutePath`, one object per record, keyed by the header. */
export function readFileRows(
  source: FileSource,
  absolutePath: string,
): AsyncIterable<Record<string, unknown>> {
  return source.format === 'csv' ? csvRows(absolutePath) : ndjsonRows(absolutePath);
}
