// How a postgres source's values reach staging: dates and timestamps as ISO 8601 text, whatever the worker's zone.
import pg from 'pg';
import { ExactNumber } from '../../exact-json';

const TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?([+-]\d\d(?::\d\d){0,2})?$/;

/** `2026-11-01 08:30:00.5+02` → `2026-11-01T06:30:00.500000Z`: fixed width, so text order is time order. */
function timestamptz(text: string): string {
  const match = TIMESTAMP.exec(text);
  if (!match?.[4]) return text; // infinity, BC and years past 9999 stay as PostgreSQL wrote them
  const [, date, time, fraction = '', offset] = match as unknown as [string, string, string, string, string];
  const [hours = 0, minutes = 0, seconds = 0] = offset.slice(1).split(':').map(Number);
  const offsetMs = (offset.startsWith('-') ? -1 : 1) * (hours * 3600 + minutes * 60 + seconds) * 1000;
  const utc = new Date(Date.parse(`${date}T${time}Z`) - offsetMs).toISOString();
  return `${utc.slice(0, 19)}.${fraction.padEnd(6, '0')}Z`;
}

/** `2026-11-01 08:30:00` → `2026-11-01T08:30:00.000000`: no zone is added, as none was stored. */
function timestamp(text: string): string {
  const match = TIMESTAMP.exec(text);
  return match && !match[4] ? `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(6, '0')}` : text;
}

const asText = (text: string) => text;

/** Marked so the row reader knows the column holds numbers; staged as this exact text (postgres-rows.ts). */
const exactNumber = (text: string) => new ExactNumber(text);

/**
 * pg would turn dates and timestamps into Dates in the worker's zone (a `date` east of UTC lands on the
 * day before; microseconds are lost), bytea into Buffers and intervals into objects; these stay text. bigint
 * and numeric keep their exact text, which a double could round. Other types parse as pg parses them: json
 * becomes objects.
 */
const OVERRIDES: Record<number, (text: string) => unknown> = {
  [pg.types.builtins.INT8]: exactNumber,
  [pg.types.builtins.NUMERIC]: exactNumber,
  [pg.types.builtins.DATE]: asText,
  [pg.types.builtins.TIMESTAMP]: timestamp,
  [pg.types.builtins.TIMESTAMPTZ]: timestamptz,
  [pg.types.builtins.BYTEA]: asText,
  [pg.types.builtins.INTERVAL]: asText,
};

/** The type parsers a postgres source's query runs with. */
export const SOURCE_VALUE_TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    OVERRIDES[oid] ?? pg.types.getTypeParser(oid, format ?? 'text'),
};
