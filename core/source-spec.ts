// Where a fetch step reads from: one spec type per source kind.

/** A file on local disk, read as a stream. Paths are relative to the project root. */
export interface FileSource {
  kind: 'file';
  path: string;
  format: 'csv' | 'ndjson';
}

export type SourceSpec = FileSource;
