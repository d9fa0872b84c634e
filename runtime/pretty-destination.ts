// LOG_FORMAT=pretty: pino's JSON lines turned into one short line each for people (time, level, message, fields).
import type { DestinationStream } from 'pino';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every line has that a person reading a terminal does not need. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);

/** Plain words stay bare; anything else (spaces, quotes, objects) as JSON, so a line still reads back. */
const shown = (value: unknown): string =>
  typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);

/**
 * `12:03:04.567 INFO  loaded rows pipeline=orders step=load_orders rows=25`; a line that is not JSON
 * passes as it is.
 */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = (LEVELS[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${shown(value)}`);
  const line = [time, level, String(entry.msg ?? ''), ...fields].filter(Boolean).join(' ');
  // A message of several lines (webpack's build report, a stack) stays one entry: its later lines indented.
  return `${line.replaceAll('\n', '\n    ')}\n`;
}

/** Writes pino's lines to `out` (stdout by default) in the pretty form; redaction has happened already. */
export function prettyDestination(out: { write(text: string): unknown } = process.stdout): DestinationStream {
  return { write: (line: string) => out.write(prettyLine(line.trimEnd())) };
}
