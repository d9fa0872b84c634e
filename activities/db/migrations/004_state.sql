-- Pipeline state that survives runs: incremental watermarks, committed only together with a load.
CREATE TABLE sluice.state (
  pipeline text NOT NULL,
  step text NOT NULL,
  name text NOT NULL,
  value text NOT NULL,
  workflow_id text NOT NULL,
  run_id text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (pipeline, step, name)
);
