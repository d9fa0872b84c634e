// What a run receives, what steps hand each other, and what a run returns.

/** Who started a run: a person or script, a Temporal Schedule, or a backfill. */
export type Trigger = 'manual' | 'schedule' | 'backfill';

export interface RunPipelineInput {
  pipeline: string;
  partition?: string;
  params?: Record<string, string>;
  trigger: Trigger;
}

/**
 * How a dataset's values arrived: `typed` values carry their source's JSON types (JSON, NDJSON, HTTP APIs,
 * PostgreSQL, SQL transforms, validated rows), so a contract judges them as they are; `text` values are a
 * text format's strings (CSV), which a contract reads as its declared types first.
 */
export type StagedValues = 'typed' | 'text';

/** A step's output: a staging table and the rows it promises; rows never travel through Temporal. */
export interface DatasetRef {
  table: string;
  rows: number;
  /** Absent in references recorded before Sluice kept it: read as `text`, as every dataset was then. */
  values?: StagedValues;
  /**
   * Columns whose values are numbers staged as their exact text (PostgreSQL numeric and bigint, which a
   * double would round): typed numbers all the same, so a number column of a contract accepts them.
   */
  numberText?: string[];
}

/** Everything an activity needs to know about the step it runs. */
export interface StepInput {
  pipeline: string;
  step: string;
  /** The workflow id and run id together identify one attempt at one partition. */
  workflowId: string;
  runId: string;
  partition?: string;
  params: Record<string, string>;
  definitionHash: string;
  /** Datasets of the steps this one reads, by step id. */
  inputs: Record<string, DatasetRef>;
  /** For loads: the watermarks proposed upstream, by proposing step id (an incremental fetch, or the validate step reading it). */
  watermarks?: Record<string, string>;
}

/** One check's verdict, as the step table and the CLI show it. */
export interface CheckOutcome {
  name: string;
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/** What every data step returns. `rowsIn` counts rows read, `output` is absent for steps that only write. */
export interface StepResult {
  rowsIn: number;
  rowsOut: number;
  rowsRejected: number;
  output?: DatasetRef;
  /** True when a load found its ledger row already committed and changed nothing. */
  alreadyLoaded?: boolean;
  /** For incremental fetches, or the validate step reading one: the highest cursor value kept, for the load to commit. */
  proposedWatermark?: string;
  /** The step's checks, as recorded in sluice.check_results. */
  checks?: CheckOutcome[];
  /** Which attempt produced this result (1 = first try); filled in by the activity wrapper. */
  attempt?: number;
}
