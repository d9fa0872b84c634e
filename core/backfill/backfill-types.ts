// What a backfill receives, reports while it runs and returns: one child run per partition of a range.

/** pending → running → succeeded | failed | cancelled; skipped (already succeeded) and already_running never start. */
export type PartitionRunStatus =
  'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'already_running' | 'cancelled';

export interface BackfillPartition {
  key: string;
  status: PartitionRunStatus;
  /** Why it failed, was skipped or did not start. */
  note?: string;
}

export interface BackfillInput {
  pipeline: string;
  /** First partition key, included. */
  from: string;
  /** Last partition key, included. */
  to: string;
  /** Partition runs at once; default 4. */
  maxParallel?: number;
  /** Re-run partitions whose latest run succeeded; by default they are skipped. */
  force?: boolean;
  /** Child runs one workflow run starts before it continues as new, to keep its history small; default 500. */
  partitionsPerRun?: number;
  /** Set by continue-as-new: where the previous workflow run left off. Absent when a person starts it. */
  carried?: BackfillCarry;
}

/** The state one workflow run hands the next through continue-as-new. */
export interface BackfillCarry {
  partitions: BackfillPartition[];
  paused: boolean;
  /** How many times the backfill has continued as new so far. */
  continuations: number;
}

/** How many partitions stand in each state; `done` counts those that succeeded. */
export interface BackfillCounts {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  running: number;
  pending: number;
  alreadyRunning: number;
  cancelled: number;
}

/** The `backfillStatus` query's answer. */
export interface BackfillStatus extends BackfillCounts {
  pipeline: string;
  from: string;
  to: string;
  paused: boolean;
  continuations: number;
  partitions: BackfillPartition[];
}

/** What a finished backfill returns; a failed partition does not fail the backfill, it is listed here. */
export interface BackfillResult extends BackfillCounts {
  pipeline: string;
  from: string;
  to: string;
  failedPartitions: BackfillPartition[];
  alreadyRunningPartitions: string[];
}
