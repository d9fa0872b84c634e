// Whether a source hands over typed values (JSON, APIs, PostgreSQL) or text a contract must read (CSV).
import type { StagedValues } from '../run/run-types';
import type { SourceSpec } from './source-spec';

/** CSV holds only text; every other source sends values with their JSON (or SQL) types. */
export function sourceValues(source: SourceSpec): StagedValues {
  return source.kind === 'file' && source.format === 'csv' ? 'text' : 'typed';
}
