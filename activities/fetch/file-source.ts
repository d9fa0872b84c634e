// Reads a CSV, NDJSON or JSON file, from disk or a URL, as a stream of row objects; values stay as the file has them.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';
import type { FileSource } from '../../core/fetch/source-spec';
import { openUrlStream } from './file-url-stream';
import { displayUrl } from './http/display-url';
import { JsonRecordScanner } from './json-record-scanner';
import { MalformedSourceError } from './malformed-source-error';

type Rows = AsyncGenerator<Record<string, unknown>>;

async function* ndjsonRows(input: Readable, name: string): Rows {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (!line.trim()) continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      throw new MalformedSourceError(`${name} line ${lineNumber} is not JSON: ${(err as Error).message}`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new MalformedSourceError(`${name} line ${lineNumber} is not a JSON object`);
    }
    yield row as Record<string, unknown>;
  }
}

async function* csvRows(input: Readable, name: string): Rows {
  // pipeline, not pipe: a read error (a missing file, a dropped connection) must reach the loop below.
  const parser = pipeline(
    input,
    parse({ columns: true, bom: true, skip_empty_lines: true, trim: true }),
    () => undefined,
  );
  try {
    for await (const row of parser) yield row as Record<string, unknown>;
  } catch (err) {
    if (err instanceof CsvError) throw new MalformedSourceError(`${name} is not valid CSV: ${err.message}`);
    throw err;
  }
}

async function* jsonRows(input: Readable, name: string, recordsPath?: string): Rows {
  const scanner = new JsonRecordScanner(name, recordsPath);
  for await (const chunk of input.setEncoding('utf8')) yield* scanner.push(chunk as string);
  scanner.end();
}

/**
 * Rows of the file, one object per record: CSV keyed by its header, NDJSON one per line, JSON the objects of
 * one array (the document, or the array at `recordsPath`). Relative paths are read from `baseDir`; a URL is
 * fetched once and streamed, never held whole.
 */
export async function* readFileRows(source: FileSource, baseDir: string, signal?: AbortSignal): Rows {
  const name = source.url !== undefined ? displayUrl(source.url) : path.resolve(baseDir, source.path);
  const input = source.url !== undefined ? await openUrlStream(source, signal) : createReadStream(name);
  try {
    if (source.format === 'csv') yield* csvRows(input, name);
    else if (source.format === 'ndjson') yield* ndjsonRows(input, name);
    else yield* jsonRows(input, name, source.recordsPath);
  } finally {
    input.destroy(); // a reader that stops early (cancelled) must not leave a download running
  }
}
