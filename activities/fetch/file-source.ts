// Reads a CSV, NDJSON or JSON file, from disk or a URL, as a stream of row objects; values stay as the file has them.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { FileSource } from '../../core/fetch/source-spec';
import { isJsonObject, parseExactJson } from '../exact-json';
import { byteLines } from './byte-lines';
import { openUrlStream } from './file-url-stream';
import { displayUrl } from './http/display-url';
import { JsonRecordScanner } from './json-record-scanner';
import { MalformedSourceError } from './malformed-source-error';
import { recordLimits, recordTooLarge } from './record-limits';

type Rows = AsyncGenerator<Record<string, unknown>>;

async function* ndjsonRows(input: Readable, name: string, maxBytes: number): Rows {
  let records = 0;
  const tooLong = (line: number) => recordTooLarge(name, `record ${records + 1} (line ${line})`, maxBytes);
  for await (const { line, lineNumber } of byteLines(input, maxBytes, tooLong)) {
    if (!line.trim()) continue;
    records += 1;
    let row: unknown;
    try {
      row = parseExactJson(line);
    } catch (err) {
      throw new MalformedSourceError(`${name} line ${lineNumber} is not JSON: ${(err as Error).message}`);
    }
    if (!isJsonObject(row)) throw new MalformedSourceError(`${name} line ${lineNumber} is not a JSON object`);
    yield row;
  }
}

async function* csvRows(input: Readable, name: string, maxBytes: number): Rows {
  // pipeline, not pipe: a read error (a missing file, a dropped connection) must reach the loop below.
  const parser = pipeline(
    input,
    parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, max_record_size: maxBytes }),
    () => undefined,
  );
  try {
    for await (const row of parser) yield row as Record<string, unknown>;
  } catch (err) {
    if (err instanceof CsvError && err.code === 'CSV_MAX_RECORD_SIZE') {
      const { records, lines } = err as CsvError & { records: number; lines: number };
      throw recordTooLarge(name, `record ${records + 1} (line ${lines})`, maxBytes);
    }
    if (err instanceof CsvError) throw new MalformedSourceError(`${name} is not valid CSV: ${err.message}`);
    throw err;
  }
}

async function* jsonRows(input: Readable, name: string, maxBytes: number, recordsPath?: string): Rows {
  const scanner = new JsonRecordScanner(name, recordsPath, maxBytes);
  for await (const chunk of input.setEncoding('utf8')) yield* scanner.push(chunk as string);
  scanner.end();
}

/**
 * Rows of the file, one object per record: CSV keyed by its header, NDJSON one per line, JSON the objects of
 * one array (the document, or the array at `recordsPath`); numbers a double would round stay exact, and a
 * record past source.maxRecordBytes is a MalformedSourceError. Relative paths are read from `baseDir`; a URL is
 * fetched once and streamed, never held whole.
 */
export async function* readFileRows(source: FileSource, baseDir: string, signal?: AbortSignal): Rows {
  const name = source.url !== undefined ? displayUrl(source.url) : path.resolve(baseDir, source.path);
  const input = source.url !== undefined ? await openUrlStream(source, signal) : createReadStream(name);
  const { maxRecordBytes } = recordLimits(source);
  try {
    if (source.format === 'csv') yield* csvRows(input, name, maxRecordBytes);
    else if (source.format === 'ndjson') yield* ndjsonRows(input, name, maxRecordBytes);
    else yield* jsonRows(input, name, maxRecordBytes, source.recordsPath);
  } finally {
    input.destroy(); // a reader that stops early (cancelled) must not leave a download running
  }
}
