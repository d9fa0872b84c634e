-- The audit trail: one row per run and per step, written by the workflow through activities.
CREATE TABLE sluice.runs (
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  pipeline text NOT NULL,
  partition_key text,
  trigger text NOT NULL,
  status text NOT NULL,
  definition_hash text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  error text,
  PRIMARY KEY (workflow_id, run_id)
);
CREATE INDEX runs_pipeline_partition ON sluice.runs (pipeline, partition_key, status);

CREATE TABLE sluice.step_runs (
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  step text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  attempts int NOT NULL,
  started_at timestamptz,
  ended_at timestamptz,
  rows_in bigint,
  rows_out bigint,
  rows_rejected bigint,
  error text,
  PRIMARY KEY (workflow_id, run_id, step),
  FOREIGN KEY (workflow_id, run_id) REFERENCES sluice.runs ON DELETE CASCADE
);
