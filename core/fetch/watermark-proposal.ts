// Collects the watermark a step proposes: the highest cursor value in its declared type, within the horizon.
import { toMilliseconds } from '../pipeline/durations';
import {
  compareCursorKeys,
  cursorInstantMs,
  cursorKey,
  type CursorKey,
  type CursorType,
} from './cursor-order';
import type { IncrementalSpec } from './fetch-step';

export const DEFAULT_MAX_FUTURE = '1d';

/** What a proposal left out of the watermark, for the warning check that says so. */
export interface ProposalOmissions {
  /** Values that are not of the cursor's type, and one of them. */
  unparseable: number;
  unparseableExample?: string;
  /** Timestamps later than the horizon, and the latest of them. */
  beyondHorizon: number;
  latestBeyond?: string;
  /** The horizon as an ISO instant, for timestamp cursors. */
  horizon?: string;
}

export class WatermarkProposal {
  /** The highest value offered that is of the cursor's type and within the horizon. */
  highest: string | undefined;
  readonly omissions: ProposalOmissions = { unparseable: 0, beyondHorizon: 0 };
  private highestKey: CursorKey | undefined;
  private latestBeyondKey: CursorKey | undefined;
  private readonly horizonMs: number | undefined;

  /** `nowMs` anchors the horizon; `highestSoFar` continues a proposal an earlier attempt began. */
  constructor(
    readonly type: CursorType,
    spec: IncrementalSpec,
    nowMs: number,
    highestSoFar?: string,
  ) {
    if (type === 'timestamp') {
      this.horizonMs = nowMs + (toMilliseconds(spec.maxFuture ?? DEFAULT_MAX_FUTURE) ?? 0);
      this.omissions.horizon = new Date(this.horizonMs).toISOString();
    }
    if (highestSoFar !== undefined) this.offer(highestSoFar);
  }

  /** Takes a record's cursor value into account; blank, null and absent values are no value at all. */
  offer(value: unknown): void {
    if (value === undefined || value === null || value === '') return;
    const key = cursorKey(this.type, value);
    if (!key) {
      this.omissions.unparseable += 1;
      this.omissions.unparseableExample ??= String(typeof value === 'object' ? JSON.stringify(value) : value);
      return;
    }
    if (key.type === 'timestamp' && this.horizonMs !== undefined && cursorInstantMs(key) > this.horizonMs) {
      this.omissions.beyondHorizon += 1;
      if (!this.latestBeyondKey || compareCursorKeys(key, this.latestBeyondKey) > 0) {
        this.latestBeyondKey = key;
        this.omissions.latestBeyond = String(value);
      }
      return;
    }
    if (!this.highestKey || compareCursorKeys(key, this.highestKey) > 0) {
      this.highestKey = key;
      this.highest = String(value);
    }
  }
}
