// A fetch step: reads a source into staging, optionally only what is newer than the last watermark.
import type { DurationSpec } from '../pipeline/durations';
import type { StepCommon } from '../pipeline/step-common';
import type { CursorType } from './cursor-order';
import type { SourceSpec } from './source-spec';

/** Fetch only records newer than the last committed watermark. */
export interface IncrementalSpec {
  /** The record field that grows: an updated_at timestamp, an increasing id. */
  cursorField: string;
  /**
   * How cursor values are read and ordered: 'timestamp' (instants, whatever the ISO 8601 zone), 'number' (exact
   * decimals) or 'text'. Default: from the type of the column of that name in a load this fetch feeds
   * (date and timestamps: timestamp; integers, numeric, real: number; text, varchar, uuid: text).
   */
  cursorType?: CursorType;
  /** The watermark before the first run, of the cursor's type; every record is new when unset. */
  initial?: string;
  /**
   * Timestamp cursors: a value later than now plus this is not taken into the watermark (the highest value
   * within it is), and the step records a warning check; default '1d'.
   */
  maxFuture?: DurationSpec;
}

export interface FetchStep extends StepCommon {
  kind: 'fetch';
  source: SourceSpec;
  /**
   * Incremental fetch: records whose cursorField is not above the watermark are dropped (HTTP sources
   * may also send it, as `{{watermark}}` in params). The highest cursor value among the rows that passed the
   * validate step reading this fetch (all fetched rows when none does) is proposed; the load that writes the
   * data commits it in the same transaction, so it never moves before the data.
   */
  incremental?: IncrementalSpec;
}
