// A fetch step: reads a source into staging, optionally only what is newer than the last watermark.
import type { StepCommon } from '../pipeline/step-common';
import type { SourceSpec } from './source-spec';

/** Fetch only records newer than the last committed watermark. */
export interface IncrementalSpec {
  /** The record field that grows: an updated_at timestamp, an increasing id. */
  cursorField: string;
  /** The watermark before the first run; every record is new when unset. */
  initial?: string;
}

export interface FetchStep extends StepCommon {
  kind: 'fetch';
  source: SourceSpec;
  /**
   * Incremental fetch: records whose cursorField is not above the watermark are dropped (HTTP sources
   * may also send it, as `{{watermark}}` in params). The fetch proposes the highest value it saw; the
   * load that writes the data commits it in the same transaction, so it never moves before the data.
   */
  incremental?: IncrementalSpec;
}
