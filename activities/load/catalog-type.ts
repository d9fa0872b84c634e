// Reads how PostgreSQL spells an existing column's type as a Sluice column type, so the two compare.
import { readColumnType } from '../../core/load/column-type';

/** `timestamp(3) with time zone`, `time without time zone`: format_type's spelling of the time types. */
const TIME_TYPE = /^(time|timestamp)(\(\d+\))? (with|without) time zone$/;

/**
 * The canonical Sluice type for format_type(atttypid, atttypmod)'s text, or undefined when Sluice has no
 * such type (money, json, char(n), time with time zone, ...): `character varying(20)` is `varchar(20)`,
 * `timestamp without time zone` is `timestamp`, `timestamp(3) with time zone` is `timestamptz(3)`,
 * `numeric(10,0)` is `numeric(10,0)` (as `numeric(10)` declares it), `text[]` is `text[]`.
 */
export function sluiceSpelling(formatted: string): string | undefined {
  const array = formatted.endsWith('[]');
  const base = array ? formatted.slice(0, -2) : formatted;
  const time = TIME_TYPE.exec(base);
  if (time?.[1] === 'time' && time[3] === 'with') return undefined;
  const name = time
    ? `${time[1]}${time[3] === 'with' ? 'tz' : ''}${time[2] ?? ''}`
    : base.replace(/^character varying\(/, 'varchar(');
  const reading = readColumnType(`${name}${array ? '[]' : ''}`);
  return 'type' in reading ? reading.type.canonical : undefined;
}
