// The plan: a pipeline's steps as plain data, resolved once per run and kept in workflow history.
import type { PartitionSpec } from '../partitions/partition-spec';
import type { GateTimeoutAction, OnFailure, StepKind } from './step-definitions';

/** A retry policy with every field filled in (durations in milliseconds). */
export interface ResolvedRetry {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

/** Timeouts with every field filled in (milliseconds); scheduleToClose is optional in Temporal too. */
export interface ResolvedTimeouts {
  startToCloseMs: number;
  heartbeatMs: number;
  scheduleToCloseMs?: number;
}

export interface StepPlan {
  id: string;
  kind: StepKind;
  /** Every step that must succeed before this one starts. */
  needs: string[];
  /** The subset of `needs` whose datasets this step reads. */
  inputs: string[];
  retry: ResolvedRetry;
  timeouts: ResolvedTimeouts;
  onFailure: OnFailure;
  summary: string;
  /** For gate steps: how long to wait for approval, and what happens then. */
  gate?: { timeoutMs?: number; onTimeout: GateTimeoutAction };
  /** A load that replaces one partition: a run without a partition is refused before any step starts. */
  replacesPartition?: true;
}

export interface PipelinePlan {
  pipeline: string;
  description: string;
  owner: string;
  /** sha256 of the definition's serializable parts; activities compare it to detect edits mid-run. */
  definitionHash: string;
  maxParallel: number;
  /** How runs are partitioned; absent for an unpartitioned pipeline. */
  partitions?: PartitionSpec;
  /** With partitions: how far a scheduled run's partition lies from the one holding its scheduled time. */
  scheduledPartitionOffset?: number;
  /** In topological order. */
  steps: StepPlan[];
  /**
   * The worker that resolved the plan delivers webhook alerts (SLUICE_ALERT_WEBHOOK_URL is set): the run starts
   * one for each alert event. The workflow never reads the environment, so it learns this here, in its history.
   */
  alerts?: true;
}
