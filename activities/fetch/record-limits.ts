// The per-record limits every source kind reads with (core/fetch/source-spec.ts RecordLimits), and their one error.
import type { RecordLimits, SourceSpec } from '../../core/fetch/source-spec';
import { MalformedSourceError } from './malformed-source-error';

export const RECORD_DEFAULTS = {
  maxRecordBytes: 16 * 1024 * 1024,
  maxRecordDepth: 64,
} as const;

export function recordLimits(source: SourceSpec): Required<RecordLimits> {
  const limits = source as RecordLimits;
  return {
    maxRecordBytes: limits.maxRecordBytes ?? RECORD_DEFAULTS.maxRecordBytes,
    maxRecordDepth: limits.maxRecordDepth ?? RECORD_DEFAULTS.maxRecordDepth,
  };
}

/** `name` (a file, URL or request) and where the record is, e.g. `record 3 (line 7)`. */
export function recordTooLarge(name: string, where: string, maxBytes: number): MalformedSourceError {
  return new MalformedSourceError(
    `${name} ${where} is larger than source.maxRecordBytes (${maxBytes} bytes)`,
    'If records that large are expected, raise source.maxRecordBytes; otherwise fix the source. Then start a new run',
  );
}
