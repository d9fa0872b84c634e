// Turns one response body into records: JSON only, and every record an object; otherwise a terminal error.
import { ExactNumber, markExactRows, parseExactJson, stagingJson } from '../../exact-json';
import { RECORD_DEFAULTS, recordTooLarge } from '../record-limits';
import { HttpSourceError } from './http-source-error';
import { readPath } from './json-path';

export interface ParsedPage {
  body: unknown;
  records: Record<string, unknown>[];
}

const JSON_TYPES = /^(application\/json|text\/json|text\/plain|application\/[\w.+-]+\+json)$/;
const HTML_START = /^<(!doctype|html|head|body)\b/i;

/**
 * The page's parsed body and its records (the body itself, or the array at `recordsPath`); numbers a double
 * would round stay exact, and a record past `maxRecordBytes` (as JSON text) is a terminal error.
 */
export function parsePage(
  bytes: Buffer,
  contentType: string | null,
  what: string,
  recordsPath?: string,
  maxRecordBytes: number = RECORD_DEFAULTS.maxRecordBytes,
): ParsedPage {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() || 'unset';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpSourceError(`${what} answered a body that is not UTF-8 text (content-type ${type})`);
  }
  const start = text.trimStart();
  if (type.includes('html') || HTML_START.test(start))
    throw new HttpSourceError(
      `${what} answered an HTML page, not JSON (content-type ${type}): ${excerpt(start)}`,
    );
  if (type !== 'unset' && !JSON_TYPES.test(type))
    throw new HttpSourceError(`${what} answered content-type ${type}, not JSON: ${excerpt(start)}`);
  if (!start) throw new HttpSourceError(`${what} answered an empty body, not JSON`);
  let body: unknown;
  try {
    body = parseExactJson(text);
  } catch (err) {
    throw new HttpSourceError(
      `${what} answered invalid JSON (${bytes.length} bytes, truncated or malformed): ${(err as Error).message}`,
    );
  }
  const list = recordsPath === undefined ? body : readPath(body, recordsPath);
  const where = recordsPath === undefined ? 'the body' : `"${recordsPath}"`;
  if (!Array.isArray(list)) {
    throw new HttpSourceError(
      `${what}: ${where} is ${describe(list)}, not an array of records`,
      'Check source.recordsPath against what the API answers, then start a new run',
    );
  }
  list.forEach((record, index) => {
    if (describe(record) !== 'an object')
      throw new HttpSourceError(`${what}: record ${index} in ${where} is ${describe(record)}, not an object`);
  });
  const records = list as Record<string, unknown>[];
  markExactRows(body, records);
  // No record is larger than the body it came in: most pages need no measuring.
  if (bytes.length > maxRecordBytes) {
    const index = records.findIndex((record) => Buffer.byteLength(stagingJson(record)) > maxRecordBytes);
    if (index >= 0) throw recordTooLarge(what, `record ${index + 1} of the page`, maxRecordBytes);
  }
  return { body, records };
}

/** What a JSON value is, for messages: `missing`, `null`, `an array`, `an object`, `a string`, … */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (value instanceof ExactNumber) return 'a number'; // a large or long one, kept exact
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function excerpt(text: string, limit = 120): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}
