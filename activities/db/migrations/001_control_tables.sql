-- Control schemas and the load ledger that makes every load exactly-once.
CREATE SCHEMA IF NOT EXISTS sluice;
CREATE SCHEMA IF NOT EXISTS sluice_staging;

CREATE TABLE sluice.loads (
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  step text NOT NULL,
  pipeline text NOT NULL,
  target text NOT NULL,
  rows_written bigint NOT NULL,
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, run_id, step)
);
