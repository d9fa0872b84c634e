-- Control schemas and the load ledger that makes every load exactly-once.
-- Only when missing: IF NOT EXISTS alone needs CREATE on the database, which a least-privilege worker lacks.
DO $$
BEGIN
  IF to_regnamespace('sluice') IS NULL THEN CREATE SCHEMA sluice; END IF;
  IF to_regnamespace('sluice_staging') IS NULL THEN CREATE SCHEMA sluice_staging; END IF;
END $$;

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
