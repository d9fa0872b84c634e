-- Rows a validate step rejected, with the contract's reasons, kept for people to inspect and fix.
CREATE TABLE sluice.quarantine (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pipeline text NOT NULL,
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  step text NOT NULL,
  -- The row's position in the step's input (1-based), as staged.
  row_number bigint NOT NULL,
  -- The row as it arrived, before coercion.
  row jsonb NOT NULL,
  -- [{ "path": ["amount"], "code": "too_small", "message": "..." }, ...]
  issues jsonb NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  -- One row per input position and step: a retried validate replaces its rows instead of adding to them.
  -- Its index also serves "the rejected rows of run X" and "of run X, step Y", in input order.
  CONSTRAINT quarantine_run_step_row UNIQUE (workflow_id, run_id, step, row_number)
);

-- "What did this pipeline reject lately", and purging old rows.
CREATE INDEX quarantine_pipeline_time ON sluice.quarantine (pipeline, quarantined_at);
